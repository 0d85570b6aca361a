/**
 * Case 1: how fast the App acknowledges signed pull_request webhooks at a fixed rate while the
 * reviews they start run behind the queue, against a bare node:http server given the same requests.
 */
import { isCheckRunCompletion } from "../../dev/stand-ins/github-stand-in.js";
import { delivery, scenario, startRig } from "../app/bench-app.js";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { currentRss, peakRss, resetPeak } from "../lib/proc.js";
import { figure, type CaseResult } from "../lib/results.js";
import { MB } from "../lib/stats.js";
import { ackFigures, measureBare, measureFlood, RATE, summarizeAck, type Flood } from "./ack-load.js";

const SECONDS = 10;
const WARMUP = { count: 100, rate: 100 };
/** Deliveries come from many installations, as on a shared deployment. */
const INSTALLATIONS = 50;
const MODEL_LATENCY_MS = 200;
/**
 * Above the number of deliveries, so every one is queued: this case measures the ordinary path.
 * With pacing on, the reviews behind the queue advance about one a second, and the default bound
 * (1,000) would be reached half-way through; a full queue is case 1b's subject.
 */
const MAX_QUEUED = 5_000;

async function measureApp() {
  const files = syntheticPullRequest(20, 11);
  const pulls = Array.from({ length: WARMUP.count + RATE * SECONDS }, (_, i) => scenario(i + 1, files));
  const env = { BACKEND_REVIEW_MAX_QUEUED: String(MAX_QUEUED) };
  const rig = await startRig({ scenarios: pulls, modelLatencyMs: MODEL_LATENCY_MS, env });
  try {
    const deliveries = pulls.map((pull, i) => delivery(pull, 1_000 + (i % INSTALLATIONS), rig.secret));
    const flood: Flood = { warmUp: deliveries.slice(0, WARMUP.count), warmUpRate: WARMUP.rate, measured: deliveries.slice(WARMUP.count) };
    let rssBefore: number | undefined;
    let kernelPeak = false;
    const measured = await measureFlood(rig.app.pid, rig.app.port, flood, () => {
      rssBefore = currentRss(rig.app.pid);
      kernelPeak = resetPeak(rig.app.pid);
    });
    const completed = rig.github.requests.filter(isCheckRunCompletion).length;
    return {
      measured,
      flood,
      rssBefore,
      rssPeak: kernelPeak ? peakRss(rig.app.pid) : currentRss(rig.app.pid),
      // Jobs still queued or running when the App is stopped: paced writes make reviews slow.
      reviews: { completed, unfinished: pulls.length - completed, modelCalls: rig.proxy.calls.length },
    };
  } finally {
    await rig.close();
  }
}

export async function runWebhookAck(): Promise<CaseResult> {
  const app = await measureApp();
  const bare = await measureBare(app.flood);
  const ours = summarizeAck(app.measured);
  const figures = [
    ...ackFigures(ours, bare),
    figure("server CPU per delivery (reviews incl.)", ours.cpuPerRequestMs, "ms", { baseline: { label: "bare node:http", value: bare.cpuPerRequestMs } }),
  ];
  if (app.rssPeak !== undefined && app.rssBefore !== undefined) {
    figures.push(figure("App peak RSS in the flood", app.rssPeak / MB, "MB", { baseline: { label: "App before it", value: app.rssBefore / MB } }));
  }
  return {
    id: "webhook-ack",
    title: `1. Webhook ack (${RATE}/s × ${SECONDS} s)`,
    figures,
    details: { rate: RATE, seconds: SECONDS, installations: INSTALLATIONS, maxQueued: MAX_QUEUED, modelLatencyMs: MODEL_LATENCY_MS, app: ours, bare, reviews: app.reviews },
  };
}
