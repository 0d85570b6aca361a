/**
 * Case 5: peak memory of the App with 50 reviews in flight: 50 pull requests delivered at once,
 * BACKEND_REVIEW_CONCURRENT_REVIEWS=50, and a model slow enough that every review is holding its
 * files and prompts at the same time. The App runs in its own process, so its RSS is its own.
 */
import { sendWebhook } from "../../dev/send-webhook.js";
import { isCheckRunCompletion, type PullRequestScenario } from "../../dev/stand-ins/github-stand-in.js";
import { delay } from "../../dev/stand-ins/http-kit.js";
import { pullRequestPayload } from "../../dev/webhook-payload.js";
import { scenario, startRig, type Rig } from "../app/bench-app.js";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { currentRss, peakRss, resetPeak } from "../lib/proc.js";
import { figure, type CaseResult } from "../lib/results.js";
import { MB, round } from "../lib/stats.js";

const REVIEWS = 50;
const FILES_PER_PR = 100;
const MODEL_LATENCY_MS = 3_000;
const DONE_WITHIN_MS = 60_000;

/** Waits for every review's completed check run, sampling RSS meanwhile for systems without VmHWM. */
async function awaitReviews(rig: Rig): Promise<{ completed: number; sampledPeak: number; seconds: number }> {
  const start = Date.now();
  let sampledPeak = 0;
  let completed = 0;
  while (Date.now() - start < DONE_WITHIN_MS) {
    sampledPeak = Math.max(sampledPeak, currentRss(rig.app.pid) ?? 0);
    completed = rig.github.requests.filter(isCheckRunCompletion).length;
    if (completed >= REVIEWS) break;
    await delay(50);
  }
  return { completed, sampledPeak, seconds: (Date.now() - start) / 1000 };
}

/** All at once, each from its own installation, as 50 busy repositories would send them. */
function deliverAll(rig: Rig, pulls: readonly PullRequestScenario[]): Promise<number[]> {
  return Promise.all(
    pulls.map(async (pull, i) => {
      const payload = pullRequestPayload(pull);
      payload.installation = { ...(payload.installation as object), id: 2_000 + i };
      return (await sendWebhook({ appUrl: rig.app.url, event: "pull_request", payload, secret: rig.secret })).status;
    }),
  );
}

export async function runMemory(): Promise<CaseResult> {
  const files = syntheticPullRequest(FILES_PER_PR, 55);
  const pulls = Array.from({ length: REVIEWS }, (_, i) => scenario(i + 1, files));
  const env = { BACKEND_REVIEW_CONCURRENT_REVIEWS: String(REVIEWS) };
  const rig = await startRig({ scenarios: pulls, modelLatencyMs: MODEL_LATENCY_MS, env });
  try {
    await delay(500); // let start-up garbage settle before the idle reading
    const idle = currentRss(rig.app.pid) ?? 0;
    const kernelPeak = resetPeak(rig.app.pid);
    const statuses = await deliverAll(rig, pulls);
    const run = await awaitReviews(rig);
    if (run.completed < REVIEWS) throw new Error(`only ${run.completed} of ${REVIEWS} reviews finished within ${DONE_WITHIN_MS / 1000} s`);
    const peak = (kernelPeak ? peakRss(rig.app.pid) : undefined) ?? run.sampledPeak;
    const diffBytes = Buffer.byteLength(JSON.stringify(files));
    return {
      id: "memory",
      title: `5. Memory (${REVIEWS} reviews in flight)`,
      figures: [
        figure("App peak RSS", peak / MB, "MB", { baseline: { label: "same App idle", value: idle / MB } }),
        figure("RSS per review in flight", (peak - idle) / REVIEWS / MB, "MB", { baseline: { label: `its ${FILES_PER_PR}-file PR as JSON`, value: diffBytes / MB } }),
      ],
      details: {
        reviews: REVIEWS,
        filesPerPr: FILES_PER_PR,
        modelLatencyMs: MODEL_LATENCY_MS,
        peakMethod: kernelPeak ? "VmHWM (reset after start-up)" : "sampled every 50 ms",
        webhookStatuses: [...new Set(statuses)],
        maxModelCallsAtOnce: rig.anthropic.stats.maxConcurrent,
        modelCalls: rig.anthropic.stats.calls,
        secondsToFinishAll: round(run.seconds),
      },
    };
  } finally {
    await rig.close();
  }
}
