/**
 * Cases 3 and 4 from the same runs: pull requests of 4, 40 and 300 files, each reviewed once by
 * the built App with the stand-in model answering after a fixed latency, and once by the
 * one-call-per-file peer. Case 3 is the timing of the 300-file review; case 4 the cost of all three.
 */
import { DEMO_SCENARIO } from "../../dev/demo-scenario.js";
import { startAnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import type { PullRequestScenario } from "../../dev/stand-ins/github-stand-in.js";
import { scenario } from "../app/bench-app.js";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { figure, type CaseResult } from "../lib/results.js";
import { round } from "../lib/stats.js";
import { planReview, sequentialPeer, type PeerRun, type Plan } from "./peer.js";
import { billedInput, endpointOf, MODEL_CONCURRENCY, reviewOnce, type ReviewRun } from "./single-review.js";

export const MODEL_LATENCY_MS = 200;
/** GitHub requests a review makes besides the file-list pages (see README for the list). */
const REQUEST_ALLOWANCE = 10;

interface Measured {
  pull: PullRequestScenario;
  plan: Plan;
  app: ReviewRun;
  peer: PeerRun;
}

function pulls(): PullRequestScenario[] {
  return [scenario(4, DEMO_SCENARIO.files), scenario(40, syntheticPullRequest(40, 40)), scenario(300, syntheticPullRequest(300, 300))];
}

async function measureAll(): Promise<Measured[]> {
  const peerModel = await startAnthropicStandIn({ latencyMs: MODEL_LATENCY_MS });
  try {
    const measured: Measured[] = [];
    for (const pull of pulls()) {
      const app = await reviewOnce(pull, MODEL_LATENCY_MS);
      const plan = await planReview(pull.files);
      const peer = await sequentialPeer(plan, peerModel.baseUrl, `acme/bench#${pull.pullNumber}`);
      measured.push({ pull, plan, app, peer });
    }
    return measured;
  } finally {
    await peerModel.close();
  }
}

function timingCase(m: Measured): CaseResult {
  const calls = m.app.modelCalls.length;
  const ideal = MODEL_LATENCY_MS * Math.ceil(calls / MODEL_CONCURRENCY);
  const phaseRatio = m.app.reviewPhaseMs / ideal;
  const idealBaseline = { label: `ideal ${MODEL_LATENCY_MS} ms × ⌈${calls}/${MODEL_CONCURRENCY}⌉`, value: ideal };
  const at = (t: number) => round(t - m.app.sentAt);
  // The stand-in and proxy add their own time to each call; with it counted, what remains is the App's.
  const meanCall = m.app.modelCalls.reduce((total, c) => total + c.end - c.start, 0) / Math.max(calls, 1);
  const measuredIdeal = { label: `calls as measured: ${round(meanCall, 0)} ms × ⌈${calls}/${MODEL_CONCURRENCY}⌉`, value: meanCall * Math.ceil(calls / MODEL_CONCURRENCY) };
  return {
    id: "end-to-end",
    title: `3. End to end (${m.pull.files.length} files, L = ${MODEL_LATENCY_MS} ms)`,
    figures: [
      figure("review phase (1st call → last answer)", m.app.reviewPhaseMs, "ms", { baseline: idealBaseline, target: "≤ 1.1× ideal", met: phaseRatio <= 1.1 }),
      figure("review phase, same", m.app.reviewPhaseMs, "ms", { baseline: measuredIdeal }),
      figure("whole job (webhook → check completed)", m.app.jobMs, "ms", { baseline: idealBaseline }),
      figure("peer: 1 call per file, in sequence", m.peer.wallMs, "ms", { baseline: { label: "App review phase", value: m.app.reviewPhaseMs } }),
    ],
    details: {
      modelLatencyMs: MODEL_LATENCY_MS,
      modelConcurrency: MODEL_CONCURRENCY,
      modelCalls: calls,
      plannedCalls: m.plan.chunks,
      overBudgetFiles: m.plan.overBudget,
      reviewedFiles: m.plan.reviewed.length,
      peerCalls: m.peer.calls,
      ackMs: round(m.app.ackMs),
      modelCallsMs: m.app.modelCalls.map((c) => [at(c.start), at(c.end)]),
      githubTimelineMs: m.app.requests.map((r) => `${at(r.receivedAt)} ${r.method} ${r.path}`),
    },
  };
}

function costCase(all: readonly Measured[]): CaseResult {
  const figures = all.flatMap(({ pull, app, peer }) => {
    const n = pull.files.length;
    const requestTarget = Math.ceil(n / 100) + REQUEST_ALLOWANCE;
    return [
      figure(`billed input tokens, ${n}-file PR`, billedInput(app.usage), "tok", { baseline: { label: "naive: system prompt per file, no cache", value: billedInput(toUsage(peer), false) } }),
      figure(`model calls, ${n}-file PR`, app.modelCalls.length, "", { baseline: { label: "one per file", value: peer.calls } }),
      figure(`GitHub requests, ${n}-file PR`, app.requests.length, "", { target: `≤ ⌈${n}/100⌉ + ${REQUEST_ALLOWANCE} = ${requestTarget}`, met: app.requests.length <= requestTarget }),
    ];
  });
  const largest = all.at(-1);
  return {
    id: "cost",
    title: "4. Cost per review",
    figures,
    details: Object.fromEntries(
      all.map(({ pull, app, peer }) => [`${pull.files.length} files`, { appUsage: app.usage, naiveUsage: toUsage(peer), appCalls: app.modelCalls.length, peerCalls: peer.calls, githubRequests: byEndpoint(app) }]),
    ),
    listing: largest ? [`GitHub requests of the ${largest.pull.files.length}-file review, by endpoint:`, ...byEndpoint(largest.app)] : [],
  };
}

function byEndpoint(run: ReviewRun): string[] {
  const counts = new Map<string, number>();
  for (const r of run.requests) counts.set(endpointOf(r), (counts.get(endpointOf(r)) ?? 0) + 1);
  return [...counts].map(([endpoint, count]) => `${count} × ${endpoint}`);
}

function toUsage(peer: PeerRun) {
  const u = peer.usage;
  return { input_tokens: u.input, output_tokens: u.output, cache_creation_input_tokens: u.cacheWrite, cache_read_input_tokens: u.cacheRead };
}

export async function runEndToEndAndCost(): Promise<CaseResult[]> {
  const all = await measureAll();
  const largest = all.at(-1);
  if (!largest) throw new Error("no pull request was measured");
  return [timingCase(largest), costCase(all)];
}
