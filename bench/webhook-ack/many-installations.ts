/**
 * Case 1c: webhook acknowledgement while many installations start at once. 200 deliveries from
 * 100 installations the App has never seen, with up to 64 reviews at once (the most the App
 * allows), so behind the answers the App signs JWTs and fetches an installation token for each
 * installation while webhooks keep arriving. Afterwards: the tokens fetched, and every pull
 * request's review posted (bounded wait; a job that failed posts none).
 */
import type { GitHubStandIn } from "../../dev/stand-ins/github-stand-in.js";
import { delay } from "../../dev/stand-ins/http-kit.js";
import { delivery, scenario, startRig } from "../app/bench-app.js";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { figure, type CaseResult } from "../lib/results.js";
import { round } from "../lib/stats.js";
import { ackFigures, measureBare, measureFlood, RATE, summarizeAck, type Flood } from "./ack-load.js";

const DELIVERIES = 200;
const INSTALLATIONS = 100;
const CONCURRENT_REVIEWS = 64;
const MODEL_LATENCY_MS = 200;
const WARMUP = { count: 100, rate: 100 };
/** Bounds the wait for every review's completed check. */
const REVIEWS_WITHIN_MS = 90_000;
const TOKEN_PATH = /^\/app\/installations\/(\d+)\/access_tokens$/;
const REVIEW_PATH = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/;

function tokenRequests(github: GitHubStandIn) {
  const ids = github.requests.filter((r) => r.method === "POST" && r.status < 300).flatMap((r) => TOKEN_PATH.exec(r.path)?.[1] ?? []);
  return { fetched: ids.length, installations: new Set(ids).size };
}

/** Pull requests with a review posted. */
function reviewed(github: GitHubStandIn): number {
  const posted = github.requests.filter((r) => r.method === "POST" && r.status < 300).flatMap((r) => REVIEW_PATH.exec(r.path)?.[1] ?? []);
  return new Set(posted).size;
}

async function awaitReviews(github: GitHubStandIn, floodStart: number) {
  while (reviewed(github) < DELIVERIES && Date.now() - floodStart < REVIEWS_WITHIN_MS) await delay(200);
  return { posted: reviewed(github), secondsAfterFloodStart: round((Date.now() - floodStart) / 1000, 1) };
}

async function measureApp() {
  const files = syntheticPullRequest(20, 11);
  const pulls = Array.from({ length: DELIVERIES }, (_, i) => scenario(i + 1, files));
  const env = { BACKEND_REVIEW_CONCURRENT_REVIEWS: String(CONCURRENT_REVIEWS) };
  const rig = await startRig({ scenarios: pulls, modelLatencyMs: MODEL_LATENCY_MS, env });
  try {
    // Closed pull requests: the webhook path warms up, nothing is queued and no token is fetched.
    const warmUp = Array.from({ length: WARMUP.count }, (_, i) => delivery(scenario(100_000 + i, files), 9_000, rig.secret, { closed: true }));
    const measured = pulls.map((pull, i) => delivery(pull, 4_000 + (i % INSTALLATIONS), rig.secret));
    const flood: Flood = { warmUp, warmUpRate: WARMUP.rate, measured };
    let floodStart = Date.now();
    const app = summarizeAck(await measureFlood(rig.app.pid, rig.app.port, flood, () => (floodStart = Date.now())));
    const tokensDuringFlood = tokenRequests(rig.github);
    const reviews = await awaitReviews(rig.github, floodStart);
    return { flood, app, tokensDuringFlood, tokens: tokenRequests(rig.github), reviews };
  } finally {
    await rig.close();
  }
}

export async function runManyInstallations(): Promise<CaseResult> {
  const { flood, app, tokensDuringFlood, tokens, reviews } = await measureApp();
  const bare = await measureBare(flood);
  return {
    id: "webhook-ack-many-installations",
    title: `1c. Webhook ack, ${INSTALLATIONS} installations at once (${RATE}/s)`,
    figures: [
      ...ackFigures(app, bare),
      figure("installation tokens fetched", tokens.fetched, "", { baseline: { label: "installations", value: INSTALLATIONS } }),
      figure("reviews posted", reviews.posted, "", { baseline: { label: "pull requests sent", value: DELIVERIES }, target: `all within ${REVIEWS_WITHIN_MS / 1000} s`, met: reviews.posted >= DELIVERIES }),
    ],
    details: {
      rate: RATE,
      deliveries: DELIVERIES,
      installations: INSTALLATIONS,
      concurrentReviews: CONCURRENT_REVIEWS,
      modelLatencyMs: MODEL_LATENCY_MS,
      warmUp: `${WARMUP.count} deliveries for closed pull requests at ${WARMUP.rate}/s`,
      tokensDuringFlood,
      tokens,
      reviews,
      app,
      bare,
    },
  };
}
