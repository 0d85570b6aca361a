import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCliForTest } from "./helpers/cli-harness.js";
import { expectNoPendingMocks } from "./helpers/nock-guard.js";
import { finding, mockModel, toolUseReply, type MessagesRequest } from "./helpers/model-mocks.js";
import { featureRepo } from "./helpers/feature-repo.js";
import type { TempRepo } from "./helpers/temp-repo.js";

let repo: TempRepo;
const env = () => ({ ...repo.env, ANTHROPIC_API_KEY: "sk-ant-test" });
const ok = (findings: unknown[]) => ({ status: 200, body: toolUseReply(findings) });

beforeAll(() => {
  nock.disableNetConnect();
  repo = featureRepo();
});
afterEach(expectNoPendingMocks);
afterAll(() => {
  nock.enableNetConnect();
  repo.remove();
});

describe("backend-review diff", () => {
  it("reviews the commits since the default branch and prints the findings as json", async () => {
    const seen: MessagesRequest[] = [];
    mockModel(seen, ok([finding()]));
    const result = await runCliForTest(["diff", "--format", "json"], { env: env(), cwd: repo.dir });

    expect(result).toMatchObject({ code: 0, exits: [0] });
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      target: "main...HEAD",
      headSha: repo.git("rev-parse", "HEAD").trim(),
      model: "claude-sonnet-5-5",
      reviewed: ["src/routes/users.ts"],
      skipped: [{ path: "README.md", reason: "documentation" }],
      findings: [{ path: "src/routes/users.ts", startLine: 5, endLine: 5, onDiff: true, severity: "high", checkId: "sql-injection" }],
      failures: [],
      calls: 1,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.output_config?.format.type).toBe("json_schema");
    expect(seen[0]?.messages[0]?.content).toContain("changes in main...HEAD");
    expect(seen[0]?.messages[0]?.content).toContain('=== FILE "src/routes/users.ts" (added, TypeScript) ===');
    expect(result.stderr).toBe(
      [
        "backend-review: reviewing 1 file of main...HEAD in 1 part with claude-sonnet-5-5",
        "backend-review: 0 of 1 parts reviewed",
        "backend-review: 1 of 1 parts reviewed",
        "",
      ].join("\n"),
    );
  });

  it.each([
    [undefined, 0],
    ["critical", 0],
    ["high", 1],
    ["low", 1],
    ["never", 0],
  ])("--fail-on %s with a high finding exits %i", async (failOn, code) => {
    mockModel([], ok([finding()]));
    const argv = ["diff", "--format", "json", ...(failOn ? ["--fail-on", failOn] : [])];
    expect((await runCliForTest(argv, { env: env(), cwd: repo.dir })).code).toBe(code);
  });

  it("exits 3 when the model fails, after printing what it could and why", async () => {
    mockModel([], { status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "no" } } });
    const result = await runCliForTest(["diff", "--format", "pretty", "--fail-on", "low"], { env: env(), cwd: repo.dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("backend-review: error: part 1: model call failed: model API rejected the request (400)");
    expect(result.stdout).toContain("Part 1 of 1 was not reviewed: model API rejected the request (400). Files: src/routes/users.ts");
  });

  it("reviews only what changed since a given base, named as a single revision", async () => {
    const seen: MessagesRequest[] = [];
    mockModel(seen, ok([]));
    const result = await runCliForTest(["diff", "HEAD~1", "--format", "json"], { env: env(), cwd: repo.dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ target: "HEAD~1...HEAD", findings: [] });
    expect(seen[0]?.messages[0]?.content).toContain("src/routes/users.ts");
  });

  it("adds uncommitted changes with --worktree, and only then", async () => {
    repo.write("src/db.ts", "export const db = { query: async (sql: string) => eval(sql) };\n");
    try {
      const seen: MessagesRequest[] = [];
      mockModel(seen, ok([]));
      const result = await runCliForTest(["diff", "--worktree", "--format", "json"], { env: env(), cwd: repo.dir });
      expect(JSON.parse(result.stdout)).toMatchObject({
        target: "main...HEAD with uncommitted changes",
        reviewed: ["src/db.ts", "src/routes/users.ts"],
      });
      expect(seen[0]?.messages[0]?.content).toContain("eval(sql)");
      mockModel([], ok([]));
      const committedOnly = await runCliForTest(["diff", "--format", "json"], { env: env(), cwd: repo.dir });
      expect(JSON.parse(committedOnly.stdout)).toMatchObject({ reviewed: ["src/routes/users.ts"] });
    } finally {
      repo.git("checkout", "--quiet", "--", "src/db.ts");
    }
  });

  it("reviews a unified diff from stdin, outside any repository", async () => {
    const patch = repo.git("diff", "main", "HEAD");
    mockModel([], ok([finding()]));
    const result = await runCliForTest(["diff", "--patch", "-", "--format", "json", "--fail-on", "high"], {
      env: env(),
      cwd: "/",
      stdin: patch,
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ target: "patch from stdin", reviewed: ["src/routes/users.ts"] });
  });

  it("rewrites one counter line on a terminal instead of printing a line per part", async () => {
    mockModel([], ok([]));
    const result = await runCliForTest(["diff"], { env: env(), cwd: repo.dir, tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("\r\x1b[2Kbackend-review: 1 of 1 parts reviewed\r\x1b[2K");
    expect(result.stdout).toMatch(/^backend-review: no findings in main\.\.\.HEAD \(claude-sonnet-5-5\)\nReviewed 1 of 2 changed files\./);
  });

  it("prints the review as the App would post it with --format markdown", async () => {
    mockModel([], ok([finding()]));
    const { stdout } = await runCliForTest(["diff", "--format", "markdown"], { env: env(), cwd: repo.dir });
    expect(stdout).toContain("### backend-review: 1 finding");
    expect(stdout).toContain("#### `src/routes/users.ts:5`");
    expect(stdout).toContain("**Fix:** Bind the id as a query parameter.");
    expect(stdout).not.toContain("<!-- backend-review:");
  });
});
