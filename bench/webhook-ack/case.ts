/**
 * Case 1: how fast the App acknowledges signed pull_request webhooks at a fixed rate while the
 * reviews they start run behind the queue, against a bare node:http server given the same requests.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isCheckRunCompletion } from "../../dev/stand-ins/github-stand-in.js";
import { delivery, scenario, startRig, type Delivery } from "../app/bench-app.js";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { cpuMs, currentRss, peakRss, resetPeak } from "../lib/proc.js";
import { figure, type CaseResult, type Figure } from "../lib/results.js";
import { max, MB, percentile, round } from "../lib/stats.js";
import { openLoop, type LoadResult } from "./open-loop.js";

const RATE = 200;
const SECONDS = 10;
const WARMUP = { count: 100, rate: 100 };
/** Deliveries come from many installations, as on a shared deployment. */
const INSTALLATIONS = 50;
const MODEL_LATENCY_MS = 200;
const BARE_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), "bare-server.js");

interface Measured {
  load: LoadResult;
  /** CPU the server process used per measured request, its share of background work included. */
  cpuPerRequestMs: number;
}

/** Warm-up, then the measured run, with the server's CPU time read around the latter. */
async function measure(pid: number, port: number, deliveries: readonly Delivery[], afterWarmUp = () => {}): Promise<Measured> {
  await openLoop(port, deliveries.slice(0, WARMUP.count), WARMUP.rate);
  afterWarmUp();
  const cpuBefore = cpuMs(pid) ?? Number.NaN;
  const load = await openLoop(port, deliveries.slice(WARMUP.count), RATE);
  return { load, cpuPerRequestMs: ((cpuMs(pid) ?? Number.NaN) - cpuBefore) / load.sent };
}

async function measureApp() {
  const files = syntheticPullRequest(20, 11);
  const pulls = Array.from({ length: WARMUP.count + RATE * SECONDS }, (_, i) => scenario(i + 1, files));
  const rig = await startRig({ entry: "unthrottled", scenarios: pulls, modelLatencyMs: MODEL_LATENCY_MS });
  try {
    const deliveries = pulls.map((pull, i) => delivery(pull, 1_000 + (i % INSTALLATIONS), rig.secret));
    let rssBefore: number | undefined;
    let kernelPeak = false;
    const measured = await measure(rig.app.pid, rig.app.port, deliveries, () => {
      rssBefore = currentRss(rig.app.pid);
      kernelPeak = resetPeak(rig.app.pid);
    });
    const completed = rig.github.requests.filter(isCheckRunCompletion).length;
    return {
      ...measured,
      deliveries,
      rssBefore,
      rssPeak: kernelPeak ? peakRss(rig.app.pid) : currentRss(rig.app.pid),
      // Jobs still queued or running when the App is stopped: the queue has no bound.
      reviews: { completed, unfinished: pulls.length - completed, modelCalls: rig.proxy.calls.length },
    };
  } finally {
    await rig.close();
  }
}

async function measureBare(deliveries: readonly Delivery[]): Promise<Measured> {
  const child = spawn(process.execPath, [BARE_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once("exit", () => reject(new Error("the bare server exited before listening")));
    });
    return await measure(child.pid ?? -1, port, deliveries);
  } finally {
    child.kill("SIGTERM");
  }
}

function summary({ load, cpuPerRequestMs }: Measured) {
  const l = load.latencies;
  const w = load.fromWrite;
  return {
    sent: load.sent,
    ok: l.length,
    non2xx: load.non2xx,
    errors: load.errors,
    p50: percentile(l, 50),
    p99: percentile(l, 99),
    max: max(l),
    cpuPerRequestMs: round(cpuPerRequestMs, 3),
    maxSendLagMs: round(load.maxSendLagMs),
    fromWrite: { p50: round(percentile(w, 50)), p99: round(percentile(w, 99)), max: round(max(w)) },
  };
}

export async function runWebhookAck(): Promise<CaseResult> {
  const app = await measureApp();
  const bare = summary(await measureBare(app.deliveries));
  const ours = summary(app);
  const baseline = (value: number) => ({ label: "bare node:http", value });
  const figures: Figure[] = [
    figure("p50 time to 2xx", ours.p50, "ms", { baseline: baseline(bare.p50) }),
    figure("p99 time to 2xx", ours.p99, "ms", { baseline: baseline(bare.p99), target: "< 50 ms", met: ours.p99 < 50 && ours.ok === ours.sent }),
    figure("max time to 2xx", ours.max, "ms", { baseline: baseline(bare.max) }),
    figure("server CPU per delivery (reviews incl.)", ours.cpuPerRequestMs, "ms", { baseline: baseline(bare.cpuPerRequestMs) }),
  ];
  if (app.rssPeak !== undefined && app.rssBefore !== undefined) {
    figures.push(figure("App peak RSS in the flood", app.rssPeak / MB, "MB", { baseline: { label: "App before it", value: app.rssBefore / MB } }));
  }
  return {
    id: "webhook-ack",
    title: `1. Webhook ack (${RATE}/s × ${SECONDS} s)`,
    figures,
    details: { rate: RATE, seconds: SECONDS, installations: INSTALLATIONS, modelLatencyMs: MODEL_LATENCY_MS, app: ours, bare, reviews: app.reviews },
  };
}
