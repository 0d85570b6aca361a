import nock from "nock";
import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../../src/review/anchor-findings.js";
import { dismissedMarker, findingMarker, reviewMarker } from "../../src/review/markers.js";
import { cryptoHelperPatch, reviewPrFiles, sqlInjectionFinding, usersRoutePatch, weakRandomFinding } from "../fixtures/pull-request-files.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import {
  ANTHROPIC,
  createAppUnderTest,
  GITHUB,
  mockBotComments,
  mockHistory,
  mockInstallationToken,
  mockNoConfig,
} from "../helpers/app-under-test.js";
import { capture, expectAllUsed, mockHeadFiles, mockReview, mockReviewFlow, useNockPerTest } from "../helpers/review-mocks.js";
import { EXAMPLE_HEAD_SHA, EXAMPLE_REPO, pullRequestPayload } from "../helpers/webhook-payloads.js";

const OLD_SHA = "a".repeat(40);
const botReview = (sha: string, state = "") => ({ id: 1, body: `summary\n\n${reviewMarker(sha, state === "partial" ? "partial" : "done")}`, user: { login: "backend-review[bot]", type: "Bot" } });

/** A thread of the bot's earlier SQL injection finding on src/routes/users.ts line 9. */
function sqlThread(overrides: { isResolved?: boolean; replies?: { body: string; bot: boolean }[] } = {}) {
  const code = sqlInjectionFinding.quote;
  const fp = fingerprintOf({ check_id: "sql-injection", path: "src/routes/users.ts" }, code);
  const comments = [
    { databaseId: 900, body: `**🔴 Critical** …\n\n${findingMarker(fp, "sql-injection", "critical")}`, author: { __typename: "Bot" } },
    ...(overrides.replies ?? []).map((r, i) => ({ databaseId: 901 + i, body: r.body, author: { __typename: r.bot ? "Bot" : "User" } })),
  ];
  return { fp, thread: { id: "PRRT_sql", isResolved: overrides.isResolved ?? false, isOutdated: false, path: "src/routes/users.ts", comments: { nodes: comments } } };
}

function mockCompare(status: number, body: unknown) {
  return nock(GITHUB).get(`${EXAMPLE_REPO}/compare/${OLD_SHA}...${EXAMPLE_HEAD_SHA}`).reply(status, body as nock.Body);
}

describe("incremental reviews and the life of a finding", () => {
  useNockPerTest();

  it("reviews only what changed since the last reviewed commit", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const onlyToken = { filename: "src/lib/token.ts", status: "modified", additions: 1, deletions: 1, changes: 2, patch: cryptoHelperPatch };
    const scopes = [
      ...mockReviewFlow(c, { history: { reviews: [botReview(OLD_SHA)] }, files: reviewPrFiles(), reply: toolReply([weakRandomFinding]) }),
      mockCompare(200, { status: "ahead", files: [onlyToken] }),
    ];

    await app.receive("pull_request", pullRequestPayload({ action: "synchronize" }));

    expectAllUsed(scopes);
    const prompt = (c.modelRequests[0] as { messages: { content: string }[] }).messages[0]!.content;
    expect(prompt).toContain('=== FILE "src/lib/token.ts"');
    expect(prompt).not.toContain("src/routes/users.ts");
    const body = c.reviews[0]!.body as string;
    expect(body).toContain("Reviewed 1 of 5 changed files changed since `aaaaaaa` at `ec26c3e`.");
    expect(body).toContain("| `src/routes/users.ts` | unchanged since the last review |");
    expect((c.reviews[0]!.comments as { path: string; line: number }[]).map((x) => `${x.path}:${x.line}`)).toEqual(["src/lib/token.ts:11"]);
  });

  it("reviews the whole pull request again after a force push", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = [
      ...mockReviewFlow(c, { history: { reviews: [botReview(OLD_SHA)] }, files: reviewPrFiles(), reply: toolReply([]) }),
      mockCompare(200, { status: "diverged", files: [] }),
    ];

    await app.receive("pull_request", pullRequestPayload({ action: "synchronize" }));

    expectAllUsed(scopes);
    const prompt = (c.modelRequests[0] as { messages: { content: string }[] }).messages[0]!.content;
    expect(prompt).toContain("src/routes/users.ts");
    expect(prompt).toContain("src/lib/token.ts");
    expect(c.reviews[0]!.body).toContain("Reviewed 2 of 5 changed files at `ec26c3e`");
  });

  it("posts nothing when the same commit was reviewed already (a redelivered webhook)", async () => {
    const app = await createAppUnderTest();
    const scopes = [mockInstallationToken(), mockNoConfig(), mockBotComments(), mockHistory({ reviews: [botReview(EXAMPLE_HEAD_SHA)], threads: false })];

    await app.receive("pull_request", pullRequestPayload({ action: "synchronize" }));

    expectAllUsed(scopes);
  });

  it("reviews a commit again when its earlier review did not complete", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { history: { reviews: [botReview(EXAMPLE_HEAD_SHA, "partial")] }, files: reviewPrFiles(), reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload({ action: "synchronize" }));

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
  });

  it("never posts a finding again that is already on the PR or was dismissed", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const fp = fingerprintOf({ check_id: "sql-injection", path: "src/routes/users.ts" }, sqlInjectionFinding.quote);
    const { thread } = sqlThread({ isResolved: true, replies: [{ body: `Dismissed by octo: validated upstream.\n\n${dismissedMarker(fp)}`, bot: true }] });
    const scopes = mockReviewFlow(c, { history: { threads: [thread] }, files: reviewPrFiles(), reply: toolReply([sqlInjectionFinding, weakRandomFinding]) });

    await app.receive("pull_request", pullRequestPayload({ action: "reopened" }));

    expectAllUsed(scopes);
    expect((c.reviews[0]!.comments as { path: string }[]).map((x) => x.path)).toEqual(["src/lib/token.ts"]);
    expect(c.reviews[0]!.body).toContain("1 finding raised or dismissed in an earlier review of this pull request is not repeated.");
  });

  it("answers 'Fixed in <sha>' and resolves the thread once the flagged code is gone", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const { thread } = sqlThread();
    const fixedRoute = usersRoutePatch.replace("const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;", 'const sql = "SELECT * FROM users WHERE id = $1";');
    const files = reviewPrFiles().map((f) => (f.filename === "src/routes/users.ts" ? { ...f, patch: fixedRoute } : f));
    const replies: string[] = [];
    const resolved: string[] = [];
    const thread900 = nock(GITHUB)
      .post(`${EXAMPLE_REPO}/pulls/2/comments/900/replies`, (body: { body: string }) => (replies.push(body.body), true))
      .reply(201, { id: 950 })
      .post("/graphql", (body: { query: string; variables: { id: string } }) => body.query.includes("resolveReviewThread") && (resolved.push(body.variables.id), true))
      .reply(200, { data: { resolveReviewThread: { thread: { id: "PRRT_sql" } } } });
    const scopes = [...mockReviewFlow(c, { history: { threads: [thread] }, files, reply: toolReply([]) }), thread900];

    await app.receive("pull_request", pullRequestPayload({ action: "reopened" }));

    expectAllUsed(scopes);
    expect(replies).toEqual(["Fixed in `ec26c3e`: the flagged code is no longer in the pull request."]);
    expect(resolved).toEqual(["PRRT_sql"]);
  });

  it("leaves a thread a person has replied in open for people to resolve, with the fixed note", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const { thread } = sqlThread({ replies: [{ body: "Will fix in a follow-up", bot: false }] });
    const files = reviewPrFiles().filter((f) => f.filename !== "src/routes/users.ts");
    const replies = nock(GITHUB).post(`${EXAMPLE_REPO}/pulls/2/comments/900/replies`).reply(201, { id: 951 });
    const scopes = [...mockReviewFlow(c, { history: { threads: [thread] }, files, reply: toolReply([]) }), replies];

    await app.receive("pull_request", pullRequestPayload({ action: "reopened" }));

    expectAllUsed(scopes);
  });

  it("keeps the check failing while an earlier finding at fail_on is still open", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const { thread } = sqlThread();
    const scopes = mockReviewFlow(c, { config: "fail_on: high\n", history: { threads: [thread] }, files: reviewPrFiles(), reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload({ action: "reopened" }));

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({ conclusion: "failure", output: { title: "1 finding at or above high severity (open from earlier reviews)" } });
  });

  it("reviews only the newer head when two pushes arrive back to back", async () => {
    const app = await createAppUnderTest();
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
    const model = nock(ANTHROPIC)
      .post("/v1/messages")
      .delay(400) // the first review is still waiting for the model when the second push arrives
      .reply(200, toolReply([sqlInjectionFinding]))
      .post("/v1/messages")
      .reply(200, toolReply([sqlInjectionFinding]));
    const scopes = [
      mockInstallationToken(),
      mockNoConfig(),
      mockNoConfig(),
      mockBotComments(),
      mockBotComments(),
      mockHistory(),
      mockHistory(),
      nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2/files`).query(true).times(2).reply(200, reviewPrFiles()),
      mockHeadFiles(),
      github,
      model,
      mockReview(c),
    ];

    const first = app.probot.receive({ id: "d1", name: "pull_request", payload: pullRequestPayload({ action: "synchronize" }) } as never);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await app.receive("pull_request", pullRequestPayload({ action: "synchronize", headSha: NEW_SHA }));
    await first;
    await app.scheduler.drain();

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
    expect(c.reviews[0]).toMatchObject({ commit_id: NEW_SHA });
    expect(checks.find((x) => x.id === 1)).toMatchObject({ conclusion: "cancelled", output: { title: "Superseded by bbbbbbb" } });
    expect(checks.find((x) => x.id === 2)).toMatchObject({ conclusion: "success" });
  });
});

describe("a review interrupted by shutdown", () => {
  useNockPerTest();

  it("posts nothing and fails its check with a re-run hint", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const model = nock(ANTHROPIC).post("/v1/messages").delay(400).reply(200, toolReply([sqlInjectionFinding]));
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), model, reviews: [] });

    const delivery = app.probot.receive({ id: "d1", name: "pull_request", payload: pullRequestPayload() } as never);
    await new Promise((resolve) => setTimeout(resolve, 150));
    app.scheduler.abortAll("shutting down");
    await delivery;
    await app.scheduler.drain();

    expectAllUsed(scopes);
    expect(c.reviews).toEqual([]);
    expect(c.checkUpdate).toMatchObject({
      conclusion: "failure",
      output: {
        title: "Review interrupted: the App stopped before it finished",
        summary: "Review interrupted: the App stopped before it finished. Comment `/review` on the pull request to run the review again.",
      },
    });
  });
});
