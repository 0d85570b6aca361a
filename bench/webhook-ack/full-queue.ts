/**
 * Case 1b: webhook acknowledgement with the review queue full. The queue bound is set to 4 (the
 * default number of reviews at once), so after the first few deliveries the App must refuse the
 * rest, and every refused pull request must still get a completed check saying why (counted on the
 * GitHub stand-in afterwards, within a bounded wait). 400 deliveries for 80 pull requests: each is
 * delivered five times with the same head (redeliveries, or opened and ready_for_review in a row),
 * so one "not reviewed" check per head is expected, not one per delivery. Eighty notices keep the
 * wait bounded even when they are paced at one write a second for the whole App.
 */
import type { GitHubStandIn } from "../../dev/stand-ins/github-stand-in.js";
import { delay } from "../../dev/stand-ins/http-kit.js";
import { delivery, scenario, startRig } from "../app/bench-app.js";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { figure, type CaseResult } from "../lib/results.js";
import { round } from "../lib/stats.js";
import { ackFigures, measureBare, measureFlood, RATE, summarizeAck, type Flood } from "./ack-load.js";

const DELIVERIES = 400;
/** Delivery i is for pull request i mod 80: each one's five deliveries come 0.4 s apart. */
const PULL_REQUESTS = 80;
const INSTALLATIONS = 40;
const MAX_QUEUED = 4;
const MODEL_LATENCY_MS = 200;
const WARMUP = { count: 100, rate: 100 };
/** Bounds the wait for every refused pull request's check (writes are paced per installation). */
const CHECKS_WITHIN_MS = 120_000;
const SETTLE_MS = 10_000;

interface CheckRequestBody {
  head_sha?: string;
  conclusion?: string;
  output?: { title?: string; summary?: string };
}

/** Per head: whether its review started (a check created in progress) and the checks created completed. */
function checksByHead(github: GitHubStandIn) {
  const started = new Set<string>();
  const notices = new Map<string, CheckRequestBody[]>();
  for (const r of github.requests) {
    if (r.method !== "POST" || !/\/check-runs$/.test(r.path) || r.status >= 300) continue;
    const body = (r.body ?? {}) as CheckRequestBody;
    const head = body.head_sha ?? "";
    if (body.conclusion === undefined) started.add(head);
    else notices.set(head, [...(notices.get(head) ?? []), body]);
  }
  return { started, notices };
}

function outcome(github: GitHubStandIn, heads: readonly string[]) {
  const { started, notices } = checksByHead(github);
  const refused = heads.filter((h) => !started.has(h));
  const noticed = refused.filter((h) => (notices.get(h)?.length ?? 0) > 0);
  const posted = refused.flatMap((h) => notices.get(h) ?? []);
  return {
    queued: heads.length - refused.length,
    refused: refused.length,
    noticed: noticed.length,
    silent: refused.length - noticed.length,
    // "Saying why": a title; "how to get a review": the summary names the /review command.
    sayingWhy: posted.filter((b) => (b.output?.title ?? "").trim() !== "").length,
    sayingHow: posted.filter((b) => (b.output?.summary ?? "").includes("/review")).length,
    notices: posted.length,
    maxNoticesPerHead: Math.max(0, ...refused.map((h) => notices.get(h)?.length ?? 0)),
    titles: [...new Set(posted.map((b) => b.output?.title ?? ""))],
  };
}

async function awaitNotices(github: GitHubStandIn, heads: readonly string[], floodStart: number) {
  let last = outcome(github, heads);
  while (last.silent > 0 && Date.now() - floodStart < CHECKS_WITHIN_MS) {
    await delay(200);
    last = outcome(github, heads);
  }
  const secondsToLastNotice = round((Date.now() - floodStart) / 1000, 1);
  // A little longer, so a second notice for a head that already has one is seen too.
  await delay(SETTLE_MS);
  return { ...outcome(github, heads), secondsToLastNotice, settleSeconds: SETTLE_MS / 1000 };
}

async function measureApp() {
  const files = syntheticPullRequest(20, 11);
  const pulls = Array.from({ length: PULL_REQUESTS }, (_, i) => scenario(i + 1, files));
  const env = { BACKEND_REVIEW_MAX_QUEUED: String(MAX_QUEUED) };
  const rig = await startRig({ scenarios: pulls, modelLatencyMs: MODEL_LATENCY_MS, env });
  try {
    const sent = Array.from({ length: DELIVERIES }, (_, i) => i % PULL_REQUESTS).map((k) => {
      const pull = pulls[k];
      if (!pull) throw new Error(`no pull request ${k}`);
      return delivery(pull, 3_000 + (k % INSTALLATIONS), rig.secret);
    });
    const heads = pulls.map((p) => p.headSha);
    // Closed pull requests: the webhook path warms up, nothing is queued or posted.
    const warmUp = Array.from({ length: WARMUP.count }, (_, i) => delivery(scenario(100_000 + i, files), 9_000, rig.secret, { closed: true }));
    const flood: Flood = { warmUp, warmUpRate: WARMUP.rate, measured: sent };
    let floodStart = Date.now();
    const app = summarizeAck(await measureFlood(rig.app.pid, rig.app.port, flood, () => (floodStart = Date.now())));
    return { flood, app, checks: await awaitNotices(rig.github, heads, floodStart) };
  } finally {
    await rig.close();
  }
}

export async function runFullQueue(): Promise<CaseResult> {
  const { flood, app, checks } = await measureApp();
  const bare = await measureBare(flood);
  const allSay = checks.sayingWhy === checks.notices && checks.sayingHow === checks.notices;
  return {
    id: "webhook-ack-full-queue",
    title: `1b. Webhook ack, full queue (${RATE}/s, bound ${MAX_QUEUED})`,
    figures: [
      ...ackFigures(app, bare),
      figure("pull requests refused (queue full)", checks.refused, "", { baseline: { label: "pull requests sent", value: checks.queued + checks.refused } }),
      figure("refused PRs with a completed check saying why", checks.noticed, "", {
        baseline: { label: "refused PRs", value: checks.refused },
        target: "all, naming /review",
        met: checks.silent === 0 && allSay,
      }),
      figure("'not reviewed' checks per head, at most", checks.maxNoticesPerHead, "", { target: "1", met: checks.maxNoticesPerHead <= 1 }),
    ],
    details: {
      rate: RATE,
      deliveries: DELIVERIES,
      pullRequests: PULL_REQUESTS,
      installations: INSTALLATIONS,
      maxQueued: MAX_QUEUED,
      modelLatencyMs: MODEL_LATENCY_MS,
      warmUp: `${WARMUP.count} deliveries for closed pull requests at ${WARMUP.rate}/s`,
      checksWaitedUpToSeconds: CHECKS_WITHIN_MS / 1000,
      checks,
      app,
      bare,
    },
  };
}
