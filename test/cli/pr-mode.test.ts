import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reviewPrFiles, sqlInjectionFinding, weakRandomFinding } from "../fixtures/pull-request-files.js";
import { fingerprintOf } from "../../src/review/anchor-findings.js";
import { findingMarker, reviewMarker } from "../../src/review/markers.js";
import { baseEnv, runCliForTest } from "./helpers/cli-harness.js";
import { expectNoPendingMocks } from "./helpers/nock-guard.js";
import { mockModel, toolUseReply, type MessagesRequest } from "./helpers/model-mocks.js";

const GITHUB = "https://api.github.com";
const REPO = "/repos/acme/api";
const HEAD_SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const env = (extra: Record<string, string> = {}) => baseEnv({ ANTHROPIC_API_KEY: "sk-ant-test", GITHUB_TOKEN: "ghp_test", ...extra });

const OLD_SHA = "0123456789abcdef0123456789abcdef01234567";
const YAML = { "content-type": "text/plain" };

/** The configuration files as GitHub's contents API serves them (default branch); missing ones answer 404. */
interface ConfigFiles {
  repo?: string;
  org?: string;
}

/** The pull request, its configuration (none anywhere by default: the repository's nor the org's), and its files. */
function mockPullRequest(host = GITHUB, prefix = "", config: ConfigFiles | "local" = {}): nock.Scope {
  const scope = nock(host)
    .get(`${prefix}${REPO}/pulls/7`)
    .matchHeader("authorization", "token ghp_test")
    .reply(200, { number: 7, state: "open", head: { sha: HEAD_SHA } });
  if (config !== "local") scope.get(`${prefix}${REPO}/contents/.github%2Fbackend-review.yml`).reply(...fileReply(config.repo));
  // Probot's loader asks the org's `.github` repository when the repository has no file, or its file extends it.
  if (config !== "local" && (config.repo === undefined || config.repo.includes("_extends: .github"))) {
    scope.get(`${prefix}/repos/acme/.github/contents/.github%2Fbackend-review.yml`).reply(...fileReply(config.org));
  }
  // The files' text at the head (context around the hunks): not found here, so the hunks go alone.
  scope
    .post(`${prefix.replace(/\/v3$/, "")}/graphql`, (body: { query: string }) => body.query.includes("object(expression:"))
    .optionally()
    .reply(200, { data: { repository: {} } });
  return scope.get(`${prefix}${REPO}/pulls/7/files`).query({ per_page: "100" }).reply(200, reviewPrFiles());
}

function fileReply(text: string | undefined): [number, string | Record<string, string>, Record<string, string>] {
  return text === undefined ? [404, { message: "Not Found" }, {}] : [200, text, YAML];
}

/** The bot's earlier reviews, as `GET /pulls/{n}/reviews` lists them: the markers tell which commits were reviewed. */
function mockEarlierReviews(shas: string[]): nock.Scope {
  const reviews = shas.map((sha, i) => ({ id: 900 + i, body: `earlier\n\n${reviewMarker(sha)}`, user: { login: "backend-review[bot]", type: "Bot" } }));
  return nock(GITHUB).get(`${REPO}/pulls/7/reviews`).query({ per_page: "100" }).reply(200, reviews);
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
    mockEarlierReviews([]);
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
    mockEarlierReviews([]);
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

  it("--post on a later push reviews only what changed since the last complete review, as the App does", async () => {
    const seen: MessagesRequest[] = [];
    mockPullRequest();
    mockEarlierReviews([OLD_SHA]);
    mockThreads([]);
    nock(GITHUB)
      .get(`${REPO}/compare/${OLD_SHA}...${HEAD_SHA}`)
      .reply(200, { status: "ahead", files: [reviewPrFiles()[1]] })
      .post(`${REPO}/pulls/7/reviews`)
      .reply(200, { id: 503 });
    mockModel(seen, { status: 200, body: toolUseReply([weakRandomFinding]) });
    const result = await runCliForTest(["pr", "acme/api#7", "--post", "--format", "json"], { env: env() });

    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { reviewed: string[]; skipped: { path: string; reason: string }[] };
    expect(out.reviewed).toEqual(["src/lib/token.ts"]);
    expect(out.skipped).toContainEqual({ path: "src/routes/users.ts", reason: "unchanged since the last review" });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.messages[0]?.content).not.toContain("src/routes/users.ts");
  });

  it("--post counts an earlier review's finding that still stands towards --fail-on, without posting it again", async () => {
    const posted: Record<string, unknown>[] = [];
    const fp = fingerprintOf({ check_id: "sql-injection", path: "src/routes/users.ts" }, sqlInjectionFinding.quote);
    mockPullRequest();
    mockEarlierReviews([]);
    mockThreads([
      {
        id: "PRRT_1",
        isResolved: false,
        isOutdated: false,
        path: "src/routes/users.ts",
        comments: { nodes: [{ databaseId: 1, body: `earlier\n\n${findingMarker(fp, "sql-injection", "critical")}`, author: { __typename: "Bot" } }] },
      },
    ]);
    mockModel([], { status: 200, body: toolUseReply([]) });
    nock(GITHUB)
      .post(`${REPO}/pulls/7/reviews`, (body: Record<string, unknown>) => (posted.push(body), true))
      .reply(200, { id: 504 });
    const result = await runCliForTest(["pr", "acme/api#7", "--post", "--format", "json", "--fail-on", "critical"], { env: env() });

    expect(result.code).toBe(1);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.comments ?? []).toEqual([]);
  });

  it("--post on a commit already reviewed posts nothing when nothing new is found", async () => {
    const fp = fingerprintOf({ check_id: "sql-injection", path: "src/routes/users.ts" }, sqlInjectionFinding.quote);
    mockPullRequest();
    mockEarlierReviews([HEAD_SHA]);
    mockThreads([
      {
        id: "PRRT_1",
        isResolved: false,
        isOutdated: false,
        path: "src/routes/users.ts",
        comments: { nodes: [{ databaseId: 1, body: `earlier\n\n${findingMarker(fp, "sql-injection", "critical")}`, author: { __typename: "Bot" } }] },
      },
    ]);
    mockModel([], { status: 200, body: toolUseReply([sqlInjectionFinding]) });
    const result = await runCliForTest(["pr", "acme/api#7", "--post", "--format", "json"], { env: env() });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`backend-review: commit ${HEAD_SHA.slice(0, 7)} was reviewed already and this run found nothing new; no review posted`);
  });

  describe("configuration, read as the App reads it", () => {
    it.each([
      {
        name: "follows _extends to the organisation's .github repository",
        config: { repo: "_extends: .github\nmax_comments: 5\n", org: "fail_on: high\n" },
        code: 1,
        sources: "acme/.github:.github/backend-review.yml, then acme/api:.github/backend-review.yml",
      },
      {
        name: "takes the organisation's defaults when the repository has no file",
        config: { org: "fail_on: high\n" },
        code: 1,
        sources: "acme/.github:.github/backend-review.yml",
      },
      {
        name: "uses the defaults (fail_on: never) when there is no file anywhere",
        config: {},
        code: 0,
        sources: "none found (.github/backend-review.yml), the defaults apply",
      },
    ])("$name", async ({ config, code, sources }) => {
      mockPullRequest(GITHUB, "", config);
      // One high finding: only an org's `fail_on: high` makes it fail the run.
      mockModel([], { status: 200, body: toolUseReply([weakRandomFinding]) });
      const result = await runCliForTest(["pr", "acme/api#7", "--format", "json"], { env: env() });
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(`backend-review: configuration: ${sources}\n`);
    });

    it("says that a local --config file's _extends is not followed, and reads no configuration from GitHub", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "backend-review-pr-config-"));
      try {
        writeFileSync(path.join(dir, "review.yml"), "_extends: .github\nfail_on: critical\n");
        mockPullRequest(GITHUB, "", "local");
        mockModel([], { status: 200, body: toolUseReply([sqlInjectionFinding]) });
        const result = await runCliForTest(["pr", "acme/api#7", "--config", "review.yml", "--format", "json"], { env: env(), cwd: dir });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("backend-review: review.yml: _extends is not followed for a local file; only this file's settings apply\n");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
