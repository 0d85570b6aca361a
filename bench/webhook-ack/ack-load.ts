/**
 * What the webhook-ack cases share: a warm-up then a measured open-loop flood against a server
 * process, the same deliveries against a bare node:http server (the baseline, measured in the
 * same case of the same run), and the latency figures every case reports.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Delivery } from "../app/bench-app.js";
import { cpuMs } from "../lib/proc.js";
import { figure, type Figure } from "../lib/results.js";
import { max, percentile, round } from "../lib/stats.js";
import { openLoop, type LoadResult } from "./open-loop.js";

/** Every ack case floods at this rate. */
export const RATE = 200;
/** Target for every case: p99 time to a 2xx answer. */
export const P99_TARGET_MS = 50;
const BARE_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), "bare-server.js");

export interface Flood {
  /** Sent first at `warmUpRate`, not measured. */
  warmUp: readonly Delivery[];
  warmUpRate: number;
  /** Sent at RATE and measured. */
  measured: readonly Delivery[];
}

export interface Measured {
  load: LoadResult;
  /** CPU the server process used per measured request, its share of background work included. */
  cpuPerRequestMs: number;
}

/** Warm-up, then the measured run, with the server's CPU time read around the latter. */
export async function measureFlood(pid: number, port: number, flood: Flood, afterWarmUp = () => {}): Promise<Measured> {
  await openLoop(port, flood.warmUp, flood.warmUpRate);
  afterWarmUp();
  const cpuBefore = cpuMs(pid) ?? Number.NaN;
  const load = await openLoop(port, flood.measured, RATE);
  return { load, cpuPerRequestMs: ((cpuMs(pid) ?? Number.NaN) - cpuBefore) / load.sent };
}

/** The same flood against a bare node:http server in its own process that reads the body and answers 200. */
export async function measureBare(flood: Flood): Promise<AckSummary> {
  const child = spawn(process.execPath, [BARE_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once("exit", () => reject(new Error("the bare server exited before listening")));
    });
    return summarizeAck(await measureFlood(child.pid ?? -1, port, flood));
  } finally {
    child.kill("SIGTERM");
  }
}

export type AckSummary = ReturnType<typeof summarizeAck>;

/** Answers slower than the target, and when they were sent: one stall shows as a short span. */
function slowAnswers(timeline: LoadResult["timeline"]) {
  const slow = timeline.filter((t) => t.ms >= P99_TARGET_MS);
  if (slow.length === 0) return { count: 0 };
  const at = slow.map((t) => t.atMs);
  return { count: slow.length, firstSentAtMs: round(Math.min(...at)), lastSentAtMs: round(Math.max(...at)) };
}

export function summarizeAck({ load, cpuPerRequestMs }: Measured) {
  const l = load.latencies;
  const w = load.fromWrite;
  return {
    sent: load.sent,
    ok: l.length,
    non2xx: load.non2xx,
    errors: load.errors,
    statuses: load.statuses,
    p50: round(percentile(l, 50)),
    p95: round(percentile(l, 95)),
    p99: round(percentile(l, 99)),
    max: round(max(l)),
    cpuPerRequestMs: round(cpuPerRequestMs, 3),
    maxSendLagMs: round(load.maxSendLagMs),
    fromWrite: { p50: round(percentile(w, 50)), p99: round(percentile(w, 99)), max: round(max(w)) },
    slow: { thresholdMs: P99_TARGET_MS, ...slowAnswers(load.timeline) },
  };
}

/** p50, p95, p99 (with the target) and max, each against the bare server's. */
export function ackFigures(ours: AckSummary, bare: AckSummary): Figure[] {
  const baseline = (value: number) => ({ label: "bare node:http", value });
  // Every delivery must be answered 2xx in time for the target to count as met.
  const allAnswered = ours.ok === ours.sent;
  return [
    figure("p50 time to 2xx", ours.p50, "ms", { baseline: baseline(bare.p50) }),
    figure("p95 time to 2xx", ours.p95, "ms", { baseline: baseline(bare.p95) }),
    figure("p99 time to 2xx", ours.p99, "ms", { baseline: baseline(bare.p99), target: `< ${P99_TARGET_MS} ms`, met: ours.p99 < P99_TARGET_MS && allAnswered }),
    figure("max time to 2xx", ours.max, "ms", { baseline: baseline(bare.max) }),
  ];
}
