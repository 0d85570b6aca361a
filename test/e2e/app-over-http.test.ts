/**
 * The App end to end over real loopback HTTP: Probot's server and signature check, Octokit and the
 * Anthropic SDK talking to the local stand-ins. No nock in this file: nothing is intercepted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SCENARIO } from "../../dev/demo-scenario.js";
import { addedFile } from "../../dev/scenario-kit.js";
import { sendWebhook } from "../../dev/send-webhook.js";
import { signWebhook } from "../../dev/sign-webhook.js";
import { startAnthropicStandIn, type AnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import { isCheckRunCompletion, startGitHubStandIn, type GitHubStandIn, type PullRequestScenario, type RecordedRequest } from "../../dev/stand-ins/github-stand-in.js";
import { pullRequestPayload } from "../../dev/webhook-payload.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { startInProcessApp, type RunningApp } from "./in-process-app.js";

const SECRET = "e2e-webhook-secret";
const REVIEW_TIMEOUT_MS = 15_000;
/** How long a wrongly accepted delivery would have to reach a stand-in. */
const SETTLE_MS = 300;

// 120 documentation files push the listing past one page of 100, so the Link header is followed.
const SCENARIO: PullRequestScenario = {
  ...DEMO_SCENARIO,
  files: [...DEMO_SCENARIO.files, ...Array.from({ length: 120 }, (_, i) => addedFile(`docs/page-${i + 1}.md`, [`# Page ${i + 1}`]))],
};

let github: GitHubStandIn;
let anthropic: AnthropicStandIn;
let app: RunningApp;

beforeAll(async () => {
  github = await startGitHubStandIn(SCENARIO);
  anthropic = await startAnthropicStandIn();
  app = await startInProcessApp(github, anthropic, SECRET);
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([github?.close(), anthropic?.close()]);
});

/** The new-file line of the only added line of `path` that contains `code`. */
function addedLineWith(path: string, code: string): number {
  const patch = SCENARIO.files.find((f) => f.filename === path)?.patch ?? "";
  const lines = parsePatch(patch).hunks.flatMap((h) => h.lines).filter((l) => l.kind === "add" && l.content.includes(code));
  expect(lines, `${path}: one added line with ${code}`).toHaveLength(1);
  return lines[0]?.newLine ?? -1;
}

function requestsSince(start: number, method: string, path: RegExp): RecordedRequest[] {
  return github.requests.slice(start).filter((r) => r.method === method && path.test(r.path));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliverAndAwaitReview(action: string): Promise<{ start: number; completion: RecordedRequest }> {
  const start = github.requests.length;
  const response = await sendWebhook({ appUrl: app.url, event: "pull_request", payload: pullRequestPayload(SCENARIO, action), secret: SECRET });
  expect(response.status).toBe(200);
  const completion = await github.waitFor(isCheckRunCompletion, REVIEW_TIMEOUT_MS, start);
  return { start, completion };
}

describe("the App over HTTP against the GitHub and Anthropic stand-ins", () => {
  it("reviews a signed pull_request delivery: inline comments on the flagged lines, check run completed", async () => {
    const { start, completion } = await deliverAndAwaitReview("opened");

    const listings = requestsSince(start, "GET", /\/pulls\/42\/files$/);
    expect(listings.map((r) => r.query)).toEqual([{ per_page: "100" }, { per_page: "100", page: "2" }]);
    const reviews = requestsSince(start, "POST", /\/pulls\/42\/reviews$/);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.status).toBe(200);
    const review = reviews[0]?.body as { event: string; commit_id: string; comments: { path: string; line: number; side: string }[] };
    expect(review.event).toBe("COMMENT");
    expect(review.commit_id).toBe(SCENARIO.headSha);
    expect(review.comments.map(({ path, line, side }) => ({ path, line, side }))).toEqual([
      { path: "src/routes/orders.ts", line: addedLineWith("src/routes/orders.ts", "SELECT"), side: "RIGHT" },
      { path: "src/auth/reset-token.ts", line: addedLineWith("src/auth/reset-token.ts", "Math.random"), side: "RIGHT" },
    ]);
    expect(completion.body).toMatchObject({ status: "completed", conclusion: expect.any(String) });
    expect(github.checkRuns.get(Number(completion.path.split("/").pop()))?.status).toBe("completed");
    expect(anthropic.stats.calls).toBeGreaterThanOrEqual(1);
    expect(github.unexpected()).toEqual([]);
  });

  it("refuses a delivery with a wrong signature and reviews nothing", async () => {
    const before = { github: github.requests.length, model: anthropic.stats.calls };
    const body = JSON.stringify(pullRequestPayload(SCENARIO));
    const response = await sendWebhook({
      appUrl: app.url,
      event: "pull_request",
      rawBody: body,
      secret: SECRET,
      signature: signWebhook(body, "not-the-secret"),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await pause(SETTLE_MS);
    expect(app.scheduler.pending).toBe(0);
    expect(github.requests.length).toBe(before.github);
    expect(anthropic.stats.calls).toBe(before.model);
  });

  it("answers a correctly signed but malformed body with 400 and keeps serving", async () => {
    const before = github.requests.length;
    const response = await sendWebhook({ appUrl: app.url, event: "pull_request", rawBody: '{"action":"opened","pull_request":', secret: SECRET });
    expect(response.status).toBe(400);
    await pause(SETTLE_MS);
    expect(github.requests.length).toBe(before);

    // A new push: the first review's findings are already on the PR, so none is posted again.
    SCENARIO.headSha = "b".repeat(40);
    const { start } = await deliverAndAwaitReview("synchronize");
    const reviews = requestsSince(start, "POST", /\/pulls\/42\/reviews$/);
    expect(reviews.map((r) => r.status)).toEqual([200]);
    const review = reviews[0]?.body as { comments?: unknown[]; body: string };
    expect(review.comments).toBeUndefined();
    expect(review.body).toContain("2 findings raised or dismissed in earlier reviews of this pull request are not repeated.");
  });

  it("posts nothing new when the same push is delivered again", async () => {
    // Once the first delivery's job has finished: while it runs, a duplicate is dropped at once.
    await app.scheduler.drain();
    const start = github.requests.length;
    const response = await sendWebhook({ appUrl: app.url, event: "pull_request", payload: pullRequestPayload(SCENARIO, "synchronize"), secret: SECRET });
    expect(response.status).toBe(200);
    // The job reads the pull request's history (the bot's reviews among it) in one GraphQL query.
    const historyRead = (r: { method: string; path: string; body?: unknown }) => r.method === "POST" && r.path === "/graphql" && /reviews\(first/.test(String((r.body as { query?: unknown } | undefined)?.query));
    await github.waitFor(historyRead, REVIEW_TIMEOUT_MS, start);
    await app.scheduler.drain();
    expect(requestsSince(start, "POST", /\/(reviews|check-runs|comments)$/)).toEqual([]);
  });
});
