import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reviewPrFiles, sqlInjectionFinding, weakRandomFinding } from "../fixtures/pull-request-files.js";
import { fingerprintOf } from "../../src/review/anchor-findings.js";
import { findingMarker } from "../../src/review/markers.js";
import { baseEnv, runCliForTest } from "./helpers/cli-harness.js";
import { expectNoPendingMocks } from "./helpers/nock-guard.js";
import { mockModel, toolUseReply, type MessagesRequest } from "./helpers/model-mocks.js";

const GITHUB = "https://api.github.com";
const REPO = "/repos/acme/api";
const HEAD_SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const env = (extra: Record<string, string> = {}) => baseEnv({ ANTHROPIC_API_KEY: "sk-ant-test", GITHUB_TOKEN: "ghp_test", ...extra });

/** The pull request, no configuration anywhere (the repository's nor the org's), and its files. */
function mockPullRequest(host = GITHUB, prefix = ""): nock.Scope {
  return nock(host)
    .get(`${prefix}${REPO}/pulls/7`)
    .matchHeader("authorization", "token ghp_test")
    .reply(200, { number: 7, state: "open", head: { sha: HEAD_SHA } })
    .get(`${prefix}${REPO}/contents/.github%2Fbackend-review.yml`)
    .reply(404, { message: "Not Found" })
    .get(`${prefix}/repos/acme/.github/contents/.github%2Fbackend-review.yml`)
    .reply(404, { message: "Not Found" })
    .get(`${prefix}${REPO}/pulls/7/files`)
    .query({ per_page: "100" })
    .reply(200, reviewPrFiles());
}

/** The review threads already on the pull request, as GitHub's GraphQL API lists them. */
function mockThreads(nodes: unknown[]): nock.Scope {
  return nock(GITHUB)
    .post("/graphql", (body: { query: string }) => body.query.includes("reviewThreads"))
    .reply(200, { data: { repository: { pullRequest: { reviewThreads: { nodes, pageInfo: { hasNextPage: false, endCursor: null } } } } } });
}

beforeAll(() => nock.disableNetConnect());
afterEach(expectNoPendingMocks);
afterAll(() => nock.enableNetConnect());

describe("backend-review pr", () => {
  it("reviews the pull request's files and prints the result without posting", async () => {
    const seen: MessagesRequest[] = [];
    mockPullRequest();
    mockModel(seen, { status: 200, body: toolUseReply([sqlInjectionFinding, weakRandomFinding]) });
    const result = await runCliForTest(["pr", "acme/api#7", "--format", "json", "--fail-on", "critical"], { env: env() });

    expect(result).toMatchObject({ code: 1, exits: [1] });
    expect(JSON.parse(result.stdout)).toMatchObject({
      target: "acme/api#7",
      headSha: HEAD_SHA,
      reviewed: ["src/routes/users.ts", "src/lib/token.ts"],
      findings: [
        { path: "src/routes/users.ts", startLine: 9, severity: "critical", suggestion: '  const sql = "SELECT * FROM users WHERE id = $1";' },
        { path: "src/lib/token.ts", startLine: 11, severity: "high" },
      ],
    });
    expect(seen[0]?.messages[0]?.content).toContain("changes in acme/api#7");
  });

  it("--post publishes one review, the App's draft with its markers, and no check run", async () => {
    const posted: Record<string, unknown>[] = [];
    mockPullRequest();
    mockThreads([]);
    mockModel([], { status: 200, body: toolUseReply([sqlInjectionFinding]) });
    nock(GITHUB)
      .post(`${REPO}/pulls/7/reviews`, (body: Record<string, unknown>) => (posted.push(body), true))
      .reply(200, { id: 501 });
    const result = await runCliForTest(["pr", "https://github.com/acme/api/pull/7", "--post", "--format", "json"], { env: env() });

    expect(result.code).toBe(0);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ commit_id: HEAD_SHA, event: "COMMENT", comments: [{ path: "src/routes/users.ts", line: 9, side: "RIGHT" }] });
    expect(posted[0]?.body).toMatch(new RegExp(`<!-- backend-review:review sha=${HEAD_SHA} -->$`));
    const comments = posted[0]?.comments as { body: string }[];
    expect(comments[0]?.body).toMatch(/<!-- backend-review:finding fp=[0-9a-f]{16} check=sql-injection[^>]*-->$/);
    expect(result.stderr).toContain("backend-review: posted review 501 on acme/api#7 (1 inline comment)");
  });

  it("--post leaves out a finding already on the pull request, as the App does", async () => {
    const posted: Record<string, unknown>[] = [];
    const fp = fingerprintOf({ check_id: "sql-injection", path: "src/routes/users.ts" }, sqlInjectionFinding.quote);
    mockPullRequest();
    mockThreads([
      {
        id: "PRRT_1",
        isResolved: false,
        isOutdated: false,
        path: "src/routes/users.ts",
        comments: { nodes: [{ databaseId: 1, body: `earlier\n\n${findingMarker(fp, "sql-injection", "critical")}`, author: { __typename: "Bot" } }] },
      },
    ]);
    mockModel([], { status: 200, body: toolUseReply([sqlInjectionFinding, weakRandomFinding]) });
    nock(GITHUB)
      .post(`${REPO}/pulls/7/reviews`, (body: Record<string, unknown>) => (posted.push(body), true))
      .reply(200, { id: 502 });
    const result = await runCliForTest(["pr", "acme/api#7", "--post", "--format", "json"], { env: env() });

    expect(result.code).toBe(0);
    expect((posted[0]?.comments as { path: string }[]).map((c) => c.path)).toEqual(["src/lib/token.ts"]);
    expect(posted[0]?.body).toContain("1 finding raised or dismissed in an earlier review of this pull request is not repeated.");
  });

  it("talks to GitHub Enterprise at GITHUB_API_URL", async () => {
    mockPullRequest("https://ghe.example.com", "/api/v3");
    mockModel([], { status: 200, body: toolUseReply([]) });
    const result = await runCliForTest(["pr", "acme/api#7"], { env: env({ GITHUB_API_URL: "https://ghe.example.com/api/v3" }) });
    expect(result.code).toBe(0);
  });

  it("plans without a model key or a model call with --dry-run", async () => {
    mockPullRequest();
    const result = await runCliForTest(["pr", "acme/api#7", "--dry-run", "--format", "json"], { env: baseEnv({ GITHUB_TOKEN: "ghp_test" }) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      dryRun: true,
      target: "acme/api#7",
      selected: [{ path: "src/routes/users.ts" }, { path: "src/lib/token.ts" }],
      skipped: [
        { path: "README.md", reason: "documentation" },
        { path: "package-lock.json", reason: "lock file" },
        { path: "public/logo.png", reason: "not server-side code" },
      ],
    });
  });

  it("stops with exit 2 on an invalid configuration on the default branch", async () => {
    nock(GITHUB)
      .get(`${REPO}/pulls/7`)
      .reply(200, { head: { sha: HEAD_SHA } })
      .get(`${REPO}/contents/.github%2Fbackend-review.yml`)
      .times(2) // parsed, then read again as text to find the line
      .reply(200, "max_comments: 80\n", { "content-type": "text/plain" });
    const result = await runCliForTest(["pr", "acme/api#7"], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("  acme/api:.github/backend-review.yml:1: max_comments: must be at most 50; found number 80");
  });
});
