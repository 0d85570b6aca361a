import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createAnthropicModel } from "../../src/model/anthropic-model.js";
import type { ReviewModel } from "../../src/review/model.js";
import { reviewPrFiles, sqlInjectionFinding } from "../fixtures/pull-request-files.js";
import { errorReply, toolReply } from "../helpers/anthropic-replies.js";
import { ANTHROPIC, GITHUB, mockBotComments, mockHistory, mockNoConfig, resetNock, unmatchedRequests, useNock, type AppUnderTest } from "../helpers/app-under-test.js";
import { capture, expectAllUsed, mockCheckRun, mockFiles, mockHeadFiles, mockModel, mockReview } from "../helpers/review-mocks.js";
import { EXAMPLE_HEAD_SHA, EXAMPLE_REPO, pullRequestPayload } from "../helpers/webhook-payloads.js";
import { createReplica, deferred, describeWithRedis, mockTokens, removeKeys, settled, uniquePrefix, type ReplicaOptions } from "./redis-harness.js";

describeWithRedis("REDIS_URL: replicas share one BullMQ queue", () => {
  let prefix = "";
  let replicas: AppUnderTest[] = [];
  const replica = async (options: ReplicaOptions = {}) => {
    const app = await createReplica(prefix, options);
    replicas.push(app);
    return app;
  };

  beforeEach(() => {
    useNock();
    // The head files' text for the context around hunks: "not found" whenever asked, as these tests are about the queue.
    mockHeadFiles();
    prefix = uniquePrefix();
    replicas = [];
  });
  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.queue.close()));
    await removeKeys(prefix);
    expect(unmatchedRequests()).toEqual([]);
    resetNock();
  });

  it("posts exactly one review when the same webhook reaches two replicas", async () => {
    const [a, b] = [await replica(), await replica()];
    const c = capture();
    const scopes = [
      mockTokens(1),
      mockNoConfig(),
      mockBotComments(),
      mockHistory(),
      mockCheckRun(c),
      mockFiles(reviewPrFiles()),
      mockModel(c, toolReply([sqlInjectionFinding])),
      mockReview(c),
    ];

    const payload = pullRequestPayload();
    await Promise.all([a!.receive("pull_request", payload), b!.receive("pull_request", payload)]);
    await settled(replicas);

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
    expect(c.checkUpdate).toMatchObject({ conclusion: "success" });
  });

  it("finishes on another replica a review whose worker was killed mid-review, posting it once", async () => {
    const inModel = deferred();
    // The killed replica's review never comes back from the model, as if its process had died there.
    const stuck: ReviewModel = {
      reportFindings: () => (inModel.resolve(), new Promise(() => {})),
      explain: () => new Promise(() => {}),
    };
    const a = await replica({ model: stuck });
    const c = capture();
    const scopes = [mockTokens(2), mockNoConfig(), mockBotComments(), mockHistory(), mockCheckRun(c), mockFiles(reviewPrFiles())];

    // Not `a.receive`: its drain would wait for the stuck review once the worker has taken it.
    await deliver(a, pullRequestPayload());
    await inModel.promise;
    // Shutdown with no time left: the worker stops renewing the job's lock and leaves it behind.
    expect(await a.queue.stop(0)).toBe(false);

    scopes.push(mockNoConfig(), mockBotComments(), mockHistory(), mockFiles(reviewPrFiles()), mockModel(c, toolReply([sqlInjectionFinding])), mockReview(c));
    const b = await replica();
    await settled([b]);

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
    expect(c.reviews[0]).toMatchObject({ commit_id: EXAMPLE_HEAD_SHA });
    // The check run the killed replica started is the one completed: the PR shows one.
    expect(c.checkUpdate).toMatchObject({ conclusion: "success" });
  });

  it("reviews only the newer head when two pushes reach different replicas within a second", async () => {
    const [a, b] = [await replica(), await replica()];
    const c = capture();
    const NEW_SHA = "b".repeat(40);
    const checks: Record<string, unknown>[] = [];
    const github = nock(GITHUB)
      .post(`${EXAMPLE_REPO}/check-runs`, (body: Record<string, unknown>) => (checks.push(body), true))
      .times(2)
      .reply(201, (_uri, body) => ({ id: (body as { head_sha: string }).head_sha === NEW_SHA ? 2 : 1 }))
      .patch(`${EXAMPLE_REPO}/check-runs/1`, (body: Record<string, unknown>) => (checks.push({ ...body, id: 1 }), true))
      .reply(200, {})
      .patch(`${EXAMPLE_REPO}/check-runs/2`, (body: Record<string, unknown>) => (checks.push({ ...body, id: 2 }), true))
      .reply(200, {});
    const firstCall = deferred();
    const model = nock(ANTHROPIC)
      .post("/v1/messages", () => (firstCall.resolve(), true))
      .delay(3_000) // the first review still waits for the model when the second push arrives
      .reply(200, toolReply([sqlInjectionFinding]))
      .post("/v1/messages")
      .reply(200, toolReply([sqlInjectionFinding]));
    const scopes = [
      mockTokens(1, 1),
      mockNoConfig(),
      mockNoConfig(),
      mockBotComments(),
      mockBotComments(),
      mockHistory(),
      mockHistory(),
      nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2/files`).query(true).times(2).reply(200, reviewPrFiles()),
      github,
      model,
      mockReview(c),
    ];

    const startedAt = Date.now();
    // Delivered without waiting for the reviews (as `receive` does): the time is the webhooks' own.
    await deliver(a!, pullRequestPayload({ action: "synchronize" }));
    await firstCall.promise;
    await deliver(b!, pullRequestPayload({ action: "synchronize", headSha: NEW_SHA }));
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    await settled(replicas);

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
    expect(c.reviews[0]).toMatchObject({ commit_id: NEW_SHA });
    expect(checks.find((x) => x.id === 1)).toMatchObject({ conclusion: "cancelled", output: { title: "Superseded by bbbbbbb" } });
    expect(checks.find((x) => x.id === 2)).toMatchObject({ conclusion: "success" });
  });

  it("tries a review again after the model was overloaded (529) and posts it once, on one check run", async () => {
    const app = await replica({ model: createAnthropicModel({ apiKey: "sk-ant-test-key", maxRetries: 0, timeoutMs: 10_000 }) });
    const c = capture();
    const model = nock(ANTHROPIC)
      .post("/v1/messages")
      .reply(529, errorReply("overloaded_error", "Overloaded"))
      .post("/v1/messages", (body: Record<string, unknown>) => (c.modelRequests.push(body), true))
      .reply(200, toolReply([sqlInjectionFinding]));
    const scopes = [
      mockTokens(1),
      mockNoConfig(),
      mockNoConfig(),
      mockBotComments(),
      mockBotComments(),
      mockHistory(),
      mockHistory(),
      mockCheckRun(c),
      nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2/files`).query(true).times(2).reply(200, reviewPrFiles()),
      model,
      mockReview(c),
    ];

    await app.receive("pull_request", pullRequestPayload());
    await settled([app]);

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
    expect((c.reviews[0]!.comments as unknown[]).length).toBe(1);
    expect(c.checkUpdate).toMatchObject({ conclusion: "success" });
  });

  it("reports the last failure on the check when every attempt fails, with no notice before it", async () => {
    const app = await replica({ attempts: 2 });
    const c = capture();
    const notices = nock(GITHUB)
      .post(`${EXAMPLE_REPO}/issues/2/comments`, (body: Record<string, unknown>) => (c.notices.push(body), true))
      .reply(201, { id: 3 });
    const scopes = [
      mockTokens(1),
      mockNoConfig(),
      mockNoConfig(),
      mockBotComments(),
      mockBotComments(),
      mockHistory(),
      mockHistory(),
      mockCheckRun(c),
      nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2/files`).query(true).times(2).reply(502, { message: "Bad Gateway" }),
      notices,
    ];

    await app.receive("pull_request", pullRequestPayload());
    await settled([app]);

    expectAllUsed(scopes);
    expect(c.notices).toHaveLength(1);
    expect(c.checkUpdate).toMatchObject({
      conclusion: "failure",
      output: { title: "Review failed: GitHub was unavailable while listing the pull request's files (502)" },
    });
  });
});

/** Probot's own receive: the webhook is handled and the job queued, nothing waited for beyond. */
async function deliver(app: AppUnderTest, payload: Record<string, unknown>): Promise<void> {
  await app.probot.receive({ id: "delivery-1", name: "pull_request", payload } as unknown as Parameters<AppUnderTest["probot"]["receive"]>[0]);
}
