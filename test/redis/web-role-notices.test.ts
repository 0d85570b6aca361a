import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Role } from "../../src/config/env.js";
import { GITHUB, resetNock, unmatchedRequests, useNock } from "../helpers/app-under-test.js";
import { EXAMPLE_HEAD_SHA, EXAMPLE_REPO, issueCommentPayload, pullRequestPayload } from "../helpers/webhook-payloads.js";
import { describeWithRedis, mockTokens, removeKeys, uniquePrefix } from "./redis-harness.js";
import { createRoleReplica, until, type RoleReplica } from "./role-replicas.js";

const NOT_QUEUED_CHECK = {
  name: "backend-review",
  head_sha: EXAMPLE_HEAD_SHA,
  status: "completed",
  conclusion: "neutral",
  output: {
    title: "Not reviewed: the App has too many reviews waiting",
    summary:
      "Not reviewed: the App has too many reviews waiting, so this commit was not queued. Comment `/review` on the pull request to get the review once the queue has room (or push again).",
  },
};

function mockCheckRuns(bodies: Record<string, unknown>[]): nock.Scope {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/check-runs`, (body: Record<string, unknown>) => (bodies.push(body), true))
    .reply(201, { id: 77, head_sha: EXAMPLE_HEAD_SHA });
}

describeWithRedis("BACKEND_REVIEW_ROLE=web: notices are recorded in Redis and sent by a worker", () => {
  let prefix = "";
  let replicas: RoleReplica[] = [];
  const replica = async (role: Role) => {
    const app = await createRoleReplica(prefix, role);
    replicas.push(app);
    return app;
  };
  /** The web replica's own notice runner is idle and nothing asked GitHub for anything. */
  const expectNoGitHubCallFrom = async (web: RoleReplica) => {
    await web.notices.drain();
    expect(unmatchedRequests()).toEqual([]);
  };

  beforeEach(() => {
    useNock(); // no interceptor for GitHub yet: any request from a web replica is recorded as unmatched
    prefix = uniquePrefix();
    replicas = [];
  });
  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await removeKeys(prefix);
    expect(unmatchedRequests()).toEqual([]);
    resetNock();
  });

  it("answers a pull_request the full queue refused without any GitHub request (no token either); a worker then posts the one completed check", async () => {
    const web = await replica("web");

    await web.deliver("pull_request", pullRequestPayload(), "delivery-1");
    await expectNoGitHubCallFrom(web);
    expect(await web.noticeQueue.pending()).toBe(1);

    const checks: Record<string, unknown>[] = [];
    const scopes = [mockTokens(1), mockCheckRuns(checks)];
    const worker = await replica("worker");
    await until("sent", async () => (await worker.noticeQueue.pending()) === 0 && checks.length === 1);

    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
    expect(checks).toEqual([expect.objectContaining(NOT_QUEUED_CHECK)]);
  });

  it("posts one check for deliveries of the same head that reached two web replicas, and none for a later redelivery", async () => {
    const [a, b] = [await replica("web"), await replica("web")];
    await Promise.all([
      a!.deliver("pull_request", pullRequestPayload({ action: "opened" }), "delivery-1"),
      b!.deliver("pull_request", pullRequestPayload({ action: "synchronize" }), "delivery-2"),
      b!.deliver("pull_request", pullRequestPayload({ action: "opened" }), "delivery-1"),
    ]);
    await Promise.all([expectNoGitHubCallFrom(a!), expectNoGitHubCallFrom(b!)]);
    expect(await a!.noticeQueue.pending()).toBe(1);

    const checks: Record<string, unknown>[] = [];
    const scopes = [mockTokens(1), mockCheckRuns(checks)];
    const worker = await replica("worker");
    await until("sent", async () => (await worker.noticeQueue.pending()) === 0 && checks.length === 1);
    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);

    // GitHub redelivers the refused webhook an hour later: the sent notice is remembered in Redis.
    await worker.close();
    await a!.deliver("pull_request", pullRequestPayload({ action: "opened" }), "delivery-1");
    expect(await a!.noticeQueue.pending()).toBe(0);
    expect(checks).toEqual([expect.objectContaining(NOT_QUEUED_CHECK)]);
  });

  it("answers a /review the full queue refused, and the worker replies in the conversation", async () => {
    const web = await replica("web");

    await web.deliver("issue_comment", issueCommentPayload("/review"), "delivery-1");
    await expectNoGitHubCallFrom(web);

    const replies: Record<string, unknown>[] = [];
    const scopes = [
      mockTokens(1),
      nock(GITHUB)
        .post(`${EXAMPLE_REPO}/issues/2/comments`, (body: Record<string, unknown>) => (replies.push(body), true))
        .reply(201, { id: 5001 }),
    ];
    const worker = await replica("worker");
    await until("sent", async () => (await worker.noticeQueue.pending()) === 0 && replies.length === 1);

    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
    expect(replies).toEqual([{ body: "**backend-review:** not run: the App has too many reviews waiting. Comment the command again in a few minutes." }]);
  });

  it("tries a notice again after GitHub answered 502, posting it once", async () => {
    const web = await replica("web");
    await web.deliver("pull_request", pullRequestPayload(), "delivery-1");

    const checks: Record<string, unknown>[] = [];
    const scopes = [mockTokens(1, 1), nock(GITHUB).post(`${EXAMPLE_REPO}/check-runs`).reply(502, { message: "Bad Gateway" }), mockCheckRuns(checks)];
    const worker = await replica("worker");
    await until("sent", async () => (await worker.noticeQueue.pending()) === 0 && checks.length === 1);

    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
    expect(checks).toEqual([expect.objectContaining(NOT_QUEUED_CHECK)]);
  });

  it("does not try again a notice GitHub refused for good (422), and lets a later delivery try", async () => {
    const web = await replica("web");
    await web.deliver("pull_request", pullRequestPayload(), "delivery-1");

    const refused = [mockTokens(1), nock(GITHUB).post(`${EXAMPLE_REPO}/check-runs`).reply(422, { message: "Validation Failed" })];
    const worker = await replica("all");
    await until("given up", async () => (await worker.noticeQueue.pending()) === 0 && refused.every((s) => s.isDone()));
    expect(await worker.noticeQueue.pending()).toBe(0);

    const checks: Record<string, unknown>[] = [];
    const scope = mockCheckRuns(checks);
    await web.deliver("pull_request", pullRequestPayload(), "delivery-2");
    await until("sent", async () => (await worker.noticeQueue.pending()) === 0 && checks.length === 1);
    expect(scope.pendingMocks()).toEqual([]);
    expect(checks).toEqual([expect.objectContaining(NOT_QUEUED_CHECK)]);
  });
});
