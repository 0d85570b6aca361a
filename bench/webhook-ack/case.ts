/**
 * Case 1: how fast the App acknowledges signed pull_request webhooks at a fixed rate while the
 * reviews they start run behind the queue, against a bare node:http server given the same requests.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { delivery, scenario, startRig } from "../app/bench-app.js";
import { currentRss, peakRss, resetPeak } from "../lib/proc-memory.js";
import { figure, type CaseResult } from "../lib/results.js";
import { max, MB, percentile, round } from "../lib/stats.js";
import { isCheckRunCompletion } from "../../dev/stand-ins/github-stand-in.js";
import { openLoop, type LoadResult } from "./open-loop.js";

const RATE = 200;
const SECONDS = 10;
const WARMUP = { count: 100, rate: 100 };
/** Deliveries come from many installations, as on a shared deployment; Octokit throttles writes per installation. */
const INSTALLATIONS = 50;
const MODEL_LATENCY_MS = 200;
const BARE_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), "bare-server.js");

function summary(load: LoadResult) {
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
    maxSendLagMs: round(load.maxSendLagMs),
    fromWrite: { p50: round(percentile(w, 50)), p99: round(percentile(w, 99)), max: round(max(w)) },
  };
}

async function measureApp() {
  const files = syntheticPullRequest(20, 11);
  const pulls = Array.from({ length: WARMUP.count + RATE * SECONDS }, (_, i) => scenario(i + 1, files));
  const rig = await startRig({ entry: "unthrottled", scenarios: pulls, modelLatencyMs: MODEL_LATENCY_MS });
  try {
    const deliveries = pulls.map((pull, i) => delivery(pull, 1_000 + (i % INSTALLATIONS), rig.secret));
    await openLoop(rig.app.port, deliveries.slice(0, WARMUP.count), WARMUP.rate);
    const rssBefore = currentRss(rig.app.pid);
    const kernelPeak = resetPeak(rig.app.pid);
    const load = await openLoop(rig.app.port, deliveries.slice(WARMUP.count), RATE);
    return {
      load,
      deliveries,
      rssBefore,
      rssPeak: kernelPeak ? peakRss(rig.app.pid) : currentRss(rig.app.pid),
      reviewsCompleted: rig.github.requests.filter(isCheckRunCompletion).length,
      // Still queued or running when the App is stopped: the queue is not bounded.
      reviewsUnfinished: pulls.length - rig.github.requests.filter(isCheckRunCompletion).length,
      modelCalls: rig.proxy.calls.length,
    };
  } finally {
    await rig.close();
  }
}

async function measureBare(deliveries: Parameters<typeof openLoop>[1]): Promise<LoadResult> {
  const child = spawn(process.execPath, [BARE_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once("exit", () => reject(new Error("the bare server exited before listening")));
    });
    await openLoop(port, deliveries.slice(0, WARMUP.count), WARMUP.rate);
    return await openLoop(port, deliveries.slice(WARMUP.count), RATE);
  } finally {
    child.kill("SIGTERM");
  }
}

export async function runWebhookAck(): Promise<CaseResult> {
  const app = await measureApp();
  const bare = summary(await measureBare(app.deliveries));
  const ours = summary(app.load);
  const baseline = (value: number) => ({ label: "bare node:http", value });
  const figures = [
    figure("p50 time to 2xx", ours.p50, "ms", { baseline: baseline(bare.p50) }),
    figure("p99 time to 2xx", ours.p99, "ms", { baseline: baseline(bare.p99), target: "< 50 ms", met: ours.p99 < 50 && ours.ok === ours.sent }),
    figure("max time to 2xx", ours.max, "ms", { baseline: baseline(bare.max) }),
  ];
  if (app.rssPeak !== undefined && app.rssBefore !== undefined) {
    figures.push(figure("App peak RSS in the flood", app.rssPeak / MB, "MB", { baseline: { label: "App before it", value: app.rssBefore / MB } }));
  }
  return {
    id: "webhook-ack",
    title: `1. Webhook ack (${RATE}/s × ${SECONDS} s)`,
    figures,
    details: { rate: RATE, seconds: SECONDS, installations: INSTALLATIONS, modelLatencyMs: MODEL_LATENCY_MS, app: ours, bare, reviewsCompletedDuringRun: app.reviewsCompleted, reviewsUnfinished: app.reviewsUnfinished, modelCallsDuringRun: app.modelCalls },
  };
}
