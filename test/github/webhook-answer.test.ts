import nock from "nock";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import { createMemoryQueue } from "../../src/jobs/memory-queue.js";
import { createAppUnderTest, GITHUB, mockInstallationToken } from "../helpers/app-under-test.js";
import { useNockPerTest } from "../helpers/review-mocks.js";
import { checkRunRerequestedPayload, EXAMPLE_HEAD_SHA, EXAMPLE_REPO, issueCommentPayload, pullRequestPayload } from "../helpers/webhook-payloads.js";

/** A queue that refuses every job, as a full one does. */
async function fullApp(deps: Parameters<typeof createAppUnderTest>[1] = {}) {
  const scheduler = createJobScheduler({ concurrency: 1, maxPending: 0 });
  return createAppUnderTest({}, { scheduler, queue: createMemoryQueue(scheduler), ...deps });
}

/** Probot's own receive: resolves when Probot would answer the webhook (every handler returned). */
function deliver(probot: Probot, name: string, payload: Record<string, unknown>, id = "delivery-1"): Promise<void> {
  return probot.receive({ id, name, payload } as unknown as Parameters<Probot["receive"]>[0]);
}

/** Whether `work` settled within `ms`: the answer, or "still waiting". */
async function within(work: Promise<unknown>, ms: number): Promise<"answered" | "still waiting"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"still waiting">((resolve) => (timer = setTimeout(() => resolve("still waiting"), ms)));
  const result = await Promise.race([work.then(() => "answered" as const), late]);
  clearTimeout(timer);
  return result;
}

interface Held {
  /** Requests GitHub received so far, in order. */
  requests: string[];
  release(): void;
}

/** The installation token exchange, held until `release`: no GitHub call can complete before. */
function holdInstallationToken(): Held & { scope: nock.Scope } {
  const held: Held = { requests: [], release: () => {} };
  const released = new Promise<void>((resolve) => (held.release = resolve));
  const scope = nock(GITHUB)
    .post("/app/installations/1/access_tokens")
    .reply(async () => {
      held.requests.push("POST access_tokens");
      await released;
      return [201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" }];
    });
  return { ...held, requests: held.requests, release: () => held.release(), scope };
}

function mockCheckRuns(bodies: Record<string, unknown>[], times = 1): nock.Scope {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/check-runs`, (body: Record<string, unknown>) => (bodies.push(body), true))
    .times(times)
    .reply(201, (_uri, body) => ({ id: bodies.length, head_sha: (body as { head_sha: string }).head_sha }));
}

const NOT_QUEUED = {
  name: "backend-review",
  status: "completed",
  conclusion: "neutral",
  output: {
    title: "Not reviewed: the App has too many reviews waiting",
    summary:
      "Not reviewed: the App has too many reviews waiting, so this commit was not queued. Comment `/review` on the pull request to get the review once the queue has room (or push again).",
  },
};

describe("a full queue: the webhook is answered before any GitHub call", () => {
  useNockPerTest();

  it("answers the pull_request webhook while the notice's GitHub calls are still held, then posts the check", async () => {
    const app = await fullApp();
    const token = holdInstallationToken();
    const checks: Record<string, unknown>[] = [];
    const scope = mockCheckRuns(checks);

    expect(await within(deliver(app.probot, "pull_request", pullRequestPayload()), 2_000)).toBe("answered");
    expect(checks).toEqual([]);

    token.release();
    await app.notices.drain();
    expect(token.scope.pendingMocks()).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
    expect(checks).toEqual([expect.objectContaining({ ...NOT_QUEUED, head_sha: EXAMPLE_HEAD_SHA })]);
  });

  it("posts one check for fifteen deliveries of the same head", async () => {
    const app = await fullApp();
    const checks: Record<string, unknown>[] = [];
    const scopes = [mockInstallationToken(), mockCheckRuns(checks)];

    const answers = Array.from({ length: 15 }, (_, n) => deliver(app.probot, "pull_request", pullRequestPayload({ action: n % 3 === 0 ? "opened" : "synchronize" }), `delivery-${n}`));
    await Promise.all(answers);
    await app.notices.drain();

    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
    expect(checks).toHaveLength(1); // a second one would be a request no mock answers
    expect(checks[0]).toMatchObject({ ...NOT_QUEUED, head_sha: EXAMPLE_HEAD_SHA });
  });

  it("leaves every one of fifteen pull requests that were not queued with a completed neutral check saying why and how", async () => {
    const app = await fullApp();
    const checks: Record<string, unknown>[] = [];
    const token = holdInstallationToken();
    const scope = mockCheckRuns(checks, 15);
    const heads = Array.from({ length: 15 }, (_, n) => n.toString(16).padStart(2, "0").repeat(20));
    const payloads = heads.map((headSha, n) => {
      const payload = pullRequestPayload({ headSha });
      (payload.pull_request as { number: number }).number = 10 + n;
      payload.number = 10 + n;
      return payload;
    });

    const answered = await within(Promise.all(payloads.map((p, n) => deliver(app.probot, "pull_request", p, `delivery-${n}`))), 2_000);
    expect(answered).toBe("answered");
    expect(checks).toEqual([]);
    token.release();
    await app.notices.drain();

    expect(scope.pendingMocks()).toEqual([]);
    expect(checks.map((c) => c.head_sha).toSorted()).toEqual(heads.toSorted());
    for (const check of checks) expect(check).toMatchObject(NOT_QUEUED);
  });

  it("answers a Re-run the queue refuses at once, and marks the check's commit not reviewed", async () => {
    const app = await fullApp();
    const token = holdInstallationToken();
    const checks: Record<string, unknown>[] = [];
    const scope = mockCheckRuns(checks);

    expect(await within(deliver(app.probot, "check_run", checkRunRerequestedPayload()), 2_000)).toBe("answered");
    token.release();
    await app.notices.drain();

    expect(scope.pendingMocks()).toEqual([]);
    expect(checks).toEqual([expect.objectContaining({ ...NOT_QUEUED, head_sha: EXAMPLE_HEAD_SHA })]);
  });

  it("answers the first @mention at once, looks the App's slug up after, then replies that the command could not be queued", async () => {
    let releaseSlug = () => {};
    const slugHeld = new Promise<void>((resolve) => (releaseSlug = resolve));
    // The lookup of the App's slug (the first mention this process sees), held until the answer was given.
    const slug = nock(GITHUB)
      .get("/app")
      .reply(async () => {
        await slugHeld;
        return [200, { id: 123, slug: "acme-reviewer" }];
      });
    const app = await fullApp({ appSlug: undefined });
    const replies: Record<string, unknown>[] = [];
    const github = [
      mockInstallationToken(),
      nock(GITHUB)
        .post(`${EXAMPLE_REPO}/issues/2/comments`, (body: Record<string, unknown>) => (replies.push(body), true))
        .reply(201, { id: 5001 }),
    ];

    expect(await within(deliver(app.probot, "issue_comment", issueCommentPayload("@acme-reviewer review")), 2_000)).toBe("answered");
    expect(replies).toEqual([]);
    releaseSlug();
    await app.notices.drain();

    for (const scope of [slug, ...github]) expect(scope.pendingMocks()).toEqual([]);
    expect(replies).toEqual([
      { body: "**backend-review:** not run: the App has too many reviews waiting. Comment the command again in a few minutes." },
    ]);
  });
});
