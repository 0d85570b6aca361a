import { gunzipSync } from "node:zlib";
import { validate } from "@octokit/graphql-schema";
import nock from "nock";
import type { Log, Result } from "sarif";
import { describe, expect, it } from "vitest";
import { FINGERPRINT_KEY } from "../../src/cli/format-sarif.js";
import { listFindingThreads } from "../../src/github/list-finding-threads.js";
import { fingerprintOf } from "../../src/review/anchor-findings.js";
import type { Finding } from "../../src/review/finding.js";
import { dismissedMarker, reviewMarker } from "../../src/review/markers.js";
import { renderComment } from "../../src/review/render-comment.js";
import { cryptoHelperPatch, reviewPrFiles, sqlInjectionFinding, usersRoutePatch, weakRandomFinding } from "../fixtures/pull-request-files.js";
import { sarifErrors } from "../fixtures/sarif/validate-sarif.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import { createAppUnderTest, GITHUB } from "../helpers/app-under-test.js";
import { historyRequests } from "../helpers/history-mocks.js";
import { capture, expectAllUsed, mockReviewFlow, useNockPerTest, type Captured } from "../helpers/review-mocks.js";
import { EXAMPLE_HEAD_SHA, EXAMPLE_REPO, pullRequestPayload } from "../helpers/webhook-payloads.js";

const OLD_SHA = "a".repeat(40);
const CONFIG = "code_scanning: true\n";
const USERS = "src/routes/users.ts";
const SQL_FP = fingerprintOf({ check_id: "sql-injection", path: USERS }, sqlInjectionFinding.quote);
const botReview = { id: 1, body: `summary\n\n${reviewMarker(OLD_SHA)}`, user: { login: "backend-review[bot]", type: "Bot" } };

/** The thread of the bot's earlier SQL injection finding, its first comment as the bot posted it. */
function sqlThread(overrides: { isResolved?: boolean; line?: number | null; isOutdated?: boolean; replies?: { body: string; bot: boolean }[] } = {}) {
  const { body } = renderComment({ finding: sqlInjectionFinding as Finding, path: USERS, line: 9, fingerprint: SQL_FP });
  const replies = (overrides.replies ?? []).map((r, i) => ({ databaseId: 901 + i, body: r.body, author: { __typename: r.bot ? "Bot" : "User" } }));
  return {
    id: "PRRT_sql",
    isResolved: overrides.isResolved ?? false,
    isOutdated: overrides.isOutdated ?? false,
    path: USERS,
    line: overrides.line === undefined ? 9 : overrides.line,
    startLine: null,
    comments: { nodes: [{ databaseId: 900, body, author: { __typename: "Bot" } }, ...replies] },
  };
}

/** A push that changed only src/lib/token.ts since the last reviewed commit. */
function mockCompareOnlyToken() {
  const onlyToken = { filename: "src/lib/token.ts", status: "modified", additions: 1, deletions: 1, changes: 2, patch: cryptoHelperPatch };
  return nock(GITHUB).get(`${EXAMPLE_REPO}/compare/${OLD_SHA}...${EXAMPLE_HEAD_SHA}`).reply(200, { status: "ahead", files: [onlyToken] });
}

function mockUpload(seen: { sarif?: Log }) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/code-scanning/sarifs`, (body: { sarif: string }) => {
      seen.sarif = JSON.parse(gunzipSync(Buffer.from(body.sarif, "base64")).toString("utf8")) as Log;
      return true;
    })
    .reply(202, { id: "47177e22-5596-11eb-80a1-c1e54ef945c6" });
}

/** The uploaded results as `check path:startLine-endLine fingerprint`, after checking the log against the official schema. */
function resultsOf(seen: { sarif?: Log }): string[] {
  expect(sarifErrors(seen.sarif)).toEqual([]);
  const where = (r: Result) => r.locations?.[0]?.physicalLocation;
  return (seen.sarif?.runs[0]?.results ?? []).map(
    (r) => `${r.ruleId} ${where(r)?.artifactLocation?.uri}:${where(r)?.region?.startLine}-${where(r)?.region?.endLine} ${r.partialFingerprints?.[FINGERPRINT_KEY]}`,
  );
}

const summaryOf = (c: Captured) => (c.checkUpdate?.output as { summary: string }).summary;

describe("code scanning upload: the whole standing picture", () => {
  useNockPerTest();

  it("uploads this review's finding and the earlier one still open, on its thread's line with its fingerprint, after an incremental review", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const seen: { sarif?: Log } = {};
    const scopes = [
      ...mockReviewFlow(c, { config: CONFIG, history: { reviews: [botReview], threads: [sqlThread()] }, files: reviewPrFiles(), reply: toolReply([weakRandomFinding]) }),
      mockCompareOnlyToken(),
      mockUpload(seen),
    ];

    await app.receive("pull_request", pullRequestPayload({ action: "synchronize" }));

    expectAllUsed(scopes);
    const tokenFp = seen.sarif?.runs[0]?.results?.[0]?.partialFingerprints?.[FINGERPRINT_KEY];
    expect(resultsOf(seen)).toEqual([`insecure-randomness src/lib/token.ts:11-11 ${tokenFp}`, `sql-injection ${USERS}:9-9 ${SQL_FP}`]);
    expect(tokenFp).not.toBe(SQL_FP);
    const earlier = seen.sarif?.runs[0]?.results?.[1];
    expect(earlier?.level).toBe("error");
    expect(earlier?.message.text?.split("\n")[0]).toBe("User id interpolated into SQL");
    expect(seen.sarif?.runs[0]?.tool.driver.rules?.find((r) => r.id === "sql-injection")?.properties?.["security-severity"]).toBe("9.5");
    // What is posted on the pull request is unchanged: only the new finding is commented.
    expect((c.reviews[0]?.comments as { path: string }[]).map((x) => x.path)).toEqual(["src/lib/token.ts"]);
    expect(summaryOf(c)).toContain("**Code scanning:** uploaded 1 finding of this review (the changes since `aaaaaaa`) and 1 still open from earlier reviews.");
    // The history read asks for the threads' lines, and GitHub's schema knows them.
    const [read] = historyRequests();
    expect(read?.query).toContain("line startLine");
    expect(validate(read?.query ?? "")).toEqual([]);
  });

  it("does not repeat an earlier finding the model raised again: one result, its fingerprint", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const seen: { sarif?: Log } = {};
    const scopes = [
      ...mockReviewFlow(c, { config: CONFIG, history: { threads: [sqlThread()] }, files: reviewPrFiles(), reply: toolReply([sqlInjectionFinding, weakRandomFinding]) }),
      mockUpload(seen),
    ];

    await app.receive("pull_request", pullRequestPayload({ action: "reopened" }));

    expectAllUsed(scopes);
    expect(resultsOf(seen).filter((r) => r.startsWith("sql-injection"))).toEqual([`sql-injection ${USERS}:9-9 ${SQL_FP}`]);
    expect(resultsOf(seen)).toHaveLength(2);
  });

  it("shows an outdated open thread (GitHub reports no line) at the top of its file", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const seen: { sarif?: Log } = {};
    const scopes = [
      ...mockReviewFlow(c, { config: CONFIG, history: { reviews: [botReview], threads: [sqlThread({ line: null, isOutdated: true })] }, files: reviewPrFiles(), reply: toolReply([]) }),
      mockCompareOnlyToken(),
      mockUpload(seen),
    ];

    await app.receive("pull_request", pullRequestPayload({ action: "synchronize" }));

    expectAllUsed(scopes);
    expect(resultsOf(seen)).toEqual([`sql-injection ${USERS}:1-1 ${SQL_FP}`]);
    expect(seen.sarif?.runs[0]?.results?.[0]?.message.text).toContain("The lines it was raised on have changed since");
  });

  it("leaves out a thread this review found fixed", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const seen: { sarif?: Log } = {};
    const fixedRoute = usersRoutePatch.replace("const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;", 'const sql = "SELECT * FROM users WHERE id = $1";');
    const files = reviewPrFiles().map((f) => (f.filename === USERS ? { ...f, patch: fixedRoute } : f));
    const answered = nock(GITHUB)
      .post(`${EXAMPLE_REPO}/pulls/2/comments/900/replies`)
      .reply(201, { id: 950 })
      .post("/graphql", (body: { query: string }) => body.query.includes("resolveReviewThread"))
      .reply(200, { data: { resolveReviewThread: { thread: { id: "PRRT_sql" } } } });
    const scopes = [...mockReviewFlow(c, { config: CONFIG, history: { threads: [sqlThread()] }, files, reply: toolReply([weakRandomFinding]) }), mockUpload(seen), answered];

    await app.receive("pull_request", pullRequestPayload({ action: "reopened" }));

    expectAllUsed(scopes);
    expect(resultsOf(seen).map((r) => r.split(" ")[0])).toEqual(["insecure-randomness"]);
    expect(summaryOf(c)).toContain("**Code scanning:** uploaded 1 finding of this review.");
  });

  it.each([
    ["dismissed, thread left open", { replies: [{ body: `Dismissed by octo: validated upstream.\n\n${dismissedMarker(SQL_FP)}`, bot: true }] }],
    ["resolved by a person", { isResolved: true }],
  ])("leaves out an earlier finding %s", async (_name, overrides) => {
    const app = await createAppUnderTest();
    const c = capture();
    const seen: { sarif?: Log } = {};
    const scopes = [
      ...mockReviewFlow(c, { config: CONFIG, history: { reviews: [botReview], threads: [sqlThread(overrides)] }, files: reviewPrFiles(), reply: toolReply([weakRandomFinding]) }),
      mockCompareOnlyToken(),
      mockUpload(seen),
    ];

    await app.receive("pull_request", pullRequestPayload({ action: "synchronize" }));

    expectAllUsed(scopes);
    expect(resultsOf(seen).map((r) => r.split(" ")[0])).toEqual(["insecure-randomness"]);
  });
});

describe("listFindingThreads", () => {
  it("asks for each thread's current lines with a query valid against GitHub's schema, and reads them", async () => {
    const queries: string[] = [];
    const octokit = {
      graphql: async (query: string) => {
        queries.push(query);
        return { repository: { pullRequest: { reviewThreads: { nodes: [sqlThread({ line: 9 }), sqlThread({ line: null, isOutdated: true })], pageInfo: { hasNextPage: false, endCursor: null } } } } };
      },
    } as unknown as Parameters<typeof listFindingThreads>[0];

    const threads = await listFindingThreads(octokit, { owner: "Codertocat", repo: "Hello-World", pullNumber: 2 });

    expect(queries).toHaveLength(1);
    expect(validate(queries[0] ?? "")).toEqual([]);
    expect(threads.map((t) => [t.line, t.title])).toEqual([
      [9, "User id interpolated into SQL"],
      [undefined, "User id interpolated into SQL"],
    ]);
  });
});
