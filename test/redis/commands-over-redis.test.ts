import nock from "nock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { reviewPrFiles } from "../fixtures/pull-request-files.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import { GITHUB, mockNoConfig, resetNock, unmatchedRequests, useNock, type AppUnderTest } from "../helpers/app-under-test.js";
import { capture, expectAllUsed, mockReviewFlow } from "../helpers/review-mocks.js";
import { checkRunRerequestedPayload, EXAMPLE_REPO, issueCommentPayload, pullRequestPayload } from "../helpers/webhook-payloads.js";
import { createReplica, describeWithRedis, mockTokens, removeKeys, settled, uniquePrefix } from "./redis-harness.js";

function mockPull() {
  return nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2`).reply(200, pullRequestPayload().pull_request as nock.Body);
}

describeWithRedis("REDIS_URL: commands and re-runs travel through Redis as descriptions", () => {
  let prefix = "";
  let replicas: AppUnderTest[] = [];

  beforeEach(async () => {
    useNock();
    prefix = uniquePrefix();
    replicas = [await createReplica(prefix), await createReplica(prefix)];
  });
  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.queue.close()));
    await removeKeys(prefix);
    expect(unmatchedRequests()).toEqual([]);
    resetNock();
  });

  it("answers a /review comment once when both replicas get it", async () => {
    const reactions: string[] = [];
    const replies: string[] = [];
    const scopes = [
      mockTokens(1),
      mockNoConfig(),
      nock(GITHUB)
        .post(`${EXAMPLE_REPO}/issues/comments/1001/reactions`, (body: { content: string }) => (reactions.push(body.content), true))
        .times(2)
        .reply(201, {}),
      mockPull(),
      nock(GITHUB).get(`${EXAMPLE_REPO}/collaborators/drive-by/permission`).reply(200, { permission: "read", user: { login: "drive-by" } }),
      nock(GITHUB)
        .post(`${EXAMPLE_REPO}/issues/2/comments`, (body: { body: string }) => (replies.push(body.body), true))
        .reply(201, { id: 3 }),
    ];

    const payload = issueCommentPayload("/review", { login: "drive-by" });
    await Promise.all(replicas.map((r) => r.receive("issue_comment", payload)));
    await settled(replicas);

    expectAllUsed(scopes);
    expect(replies).toEqual(["Sorry, in this repository only people with write access to the repository can run `/review`: it calls a paid model."]);
    expect(reactions).toEqual(["eyes", "confused"]);
  });

  it("re-reviews the current head once when both replicas get the Re-run delivery", async () => {
    const c = capture();
    const scopes = [mockPull(), ...mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([]) })];

    const payload = checkRunRerequestedPayload();
    await Promise.all(replicas.map((r) => r.receive("check_run", payload)));
    await settled(replicas);

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
  });
});
