import nock from "nock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, afterAll } from "vitest";
import { runCliForTest } from "./helpers/cli-harness.js";
import { expectNoPendingMocks } from "./helpers/nock-guard.js";
import { featureRepo } from "./helpers/feature-repo.js";
import { finding, mockModel, toolUseReply, type MessagesRequest } from "./helpers/model-mocks.js";
import type { TempRepo } from "./helpers/temp-repo.js";

let repo: TempRepo;
const env = () => ({ ...repo.env, ANTHROPIC_API_KEY: "sk-ant-test" });
const run = (...argv: string[]) => runCliForTest(["diff", "--format", "json", ...argv], { env: env(), cwd: repo.dir });
const ok = (findings: unknown[]) => ({ status: 200, body: toolUseReply(findings) });

beforeAll(() => nock.disableNetConnect());
beforeEach(() => (repo = featureRepo()));
afterEach(() => {
  repo.remove();
  expectNoPendingMocks();
});
afterAll(() => nock.enableNetConnect());

describe("diff mode: .github/backend-review.yml in the working tree", () => {
  it("takes fail_on from the file; --fail-on overrides it", async () => {
    repo.write(".github/backend-review.yml", "fail_on: medium\n");
    mockModel([], ok([finding({ severity: "medium" })]));
    expect((await run()).code).toBe(1);
    mockModel([], ok([finding({ severity: "medium" })]));
    expect((await run("--fail-on", "never")).code).toBe(0);
  });

  it("refuses an invalid file with exit 2, naming file, line, key and problem, before any model call", async () => {
    repo.write(".github/backend-review.yml", "enabled: true\nfail_on: hgh\npaths:\n  exlude: [vendor/**]\n");
    const result = await run();
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(
      [
        "backend-review: invalid configuration (2 problems); no review was run:",
        '  .github/backend-review.yml:2: fail_on: expected one of critical, high, medium, low, never; found the text "hgh"',
        '  .github/backend-review.yml:4: paths.exlude: unknown key (did you mean "exclude"?)',
        "",
      ].join("\n"),
    );
  });

  it("points at the line of a YAML syntax error", async () => {
    repo.write("custom.yml", "fail_on: high\nfail_on: low\n");
    const result = await run("--config", "custom.yml");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("  custom.yml:2: (file): is not valid YAML: Map keys must be unique (column 1)\n");
  });

  it("skips excluded paths and honours a different model from the file", async () => {
    repo.write(".github/backend-review.yml", "paths:\n  exclude: ['src/routes/**']\nmodel: haiku\n");
    const result = await run("--dry-run");
    expect(JSON.parse(result.stdout)).toMatchObject({
      model: "claude-haiku-5-5",
      selected: [],
      skipped: [{ path: "README.md", reason: "documentation" }, { path: "src/routes/users.ts", reason: "excluded by configuration" }],
      calls: [],
    });
  });

  it("lets --model and BACKEND_REVIEW_MODEL win over the file's model, --model first", async () => {
    repo.write(".github/backend-review.yml", "model: haiku\n");
    const model = async (extraEnv: Record<string, string>, ...argv: string[]) => {
      const result = await runCliForTest(["diff", "--dry-run", "--format", "json", ...argv], { env: { ...env(), ...extraEnv }, cwd: repo.dir });
      return (JSON.parse(result.stdout) as { model: string }).model;
    };
    expect(await model({ BACKEND_REVIEW_MODEL: "opus" })).toBe("claude-opus-5-5");
    expect(await model({ BACKEND_REVIEW_MODEL: "opus" }, "--model", "claude-sonnet-4-5")).toBe("claude-sonnet-4-5");
  });

  it("does not review when the file turns reviews off, and says how to override", async () => {
    repo.write(".github/backend-review.yml", "enabled: false\n");
    const result = await run();
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toContain("not reviewed: .github/backend-review.yml turns reviews off (enabled: false)");
  });

  it("uses the agent file the configuration names, from the working tree", async () => {
    repo.write(".github/backend-review.yml", "agent: .github/reviewer.md\n");
    repo.write(".github/reviewer.md", "---\nname: house\ndescription: House rules.\nmodel: haiku\n---\nYou review our code.\n");
    const seen: MessagesRequest[] = [];
    mockModel(seen, ok([]));
    const result = await run();
    expect(JSON.parse(result.stdout)).toMatchObject({ model: "claude-haiku-5-5" });
    expect(seen[0]?.system[0]?.text).toMatch(/^You review our code\./);
  });

  it("exits 1, not 3, when one part fails and another has a finding at --fail-on", async () => {
    const body = (name: string) => Array.from({ length: 80 }, (_, i) => `export const ${name}${i} = process.env.V${i} ?? "";`).join("\n");
    repo.write("src/a.ts", `${body("a")}\n`);
    repo.write("src/b.ts", `${body("b")}\n`);
    repo.commit("two large files");
    mockModel([], { status: 500, body: { type: "error", error: { type: "api_error", message: "boom" } } }, "src/a.ts");
    mockModel([], ok([finding({ path: "src/b.ts", line: 3, quote: 'export const b2 = process.env.V2 ?? "";' })]), "src/b.ts");
    const tight = { ...env(), BACKEND_REVIEW_CHUNK_TOKENS: "2000", BACKEND_REVIEW_MODEL_CONCURRENCY: "1" };
    const result = await runCliForTest(["diff", "--format", "json", "--fail-on", "high"], { env: tight, cwd: repo.dir });
    const json = JSON.parse(result.stdout) as { calls: number; failures: unknown[]; findings: unknown[] };
    expect(json.calls).toBe(2);
    expect(json.failures).toEqual([{ chunk: 1, paths: ["src/a.ts"], reason: "model API error 500 after 1 attempt" }]);
    expect(json.findings).toMatchObject([{ path: "src/b.ts", severity: "high" }]);
    expect(result.code).toBe(1);
  });
});
