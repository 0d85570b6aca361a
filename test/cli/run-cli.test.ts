import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, runCliForTest } from "./helpers/cli-harness.js";
import { expectNoPendingMocks } from "./helpers/nock-guard.js";

const KEYS = { ANTHROPIC_API_KEY: "sk-ant-test", GITHUB_TOKEN: "ghp_test" };
let outside: string;

beforeAll(() => {
  nock.disableNetConnect();
  outside = mkdtempSync(path.join(tmpdir(), "backend-review-no-repo-"));
});
afterEach(expectNoPendingMocks);
afterAll(() => {
  nock.enableNetConnect();
  rmSync(outside, { recursive: true, force: true });
});

describe("runCli: help and version", () => {
  it.each([
    [["--help"], "Exit codes:"],
    [["pr", "--help"], "--post"],
    [["diff", "--help"], "--worktree"],
    [["help", "diff"], "--patch <file>"],
    [["--version"], "0.1.0"],
  ])("%j exits 0 and prints to stdout", async (argv, text) => {
    const result = await runCliForTest(argv);
    expect(result).toMatchObject({ code: 0, exits: [0] });
    expect(result.stdout).toContain(text);
  });

  it("documents the exit codes and the environment on every command", async () => {
    for (const argv of [["--help"], ["pr", "--help"], ["diff", "--help"]]) {
      const { stdout } = await runCliForTest(argv);
      expect(stdout).toContain("3  the model failed for at least one part");
      expect(stdout).toContain("GITHUB_API_URL");
      expect(stdout).toContain("--fail-on");
    }
  });
});

describe("runCli: usage, configuration and credential errors exit 2 with a message naming the problem", () => {
  const cases: [string, string[], Record<string, string>, string][] = [
    ["no command", [], KEYS, "Usage: backend-review"],
    ["unknown command", ["review"], KEYS, "unknown command 'review'"],
    ["missing pull request", ["pr"], KEYS, "missing required argument 'pull-request'"],
    ["malformed pull request", ["pr", "acme/api"], KEYS, 'owner/repo#number (e.g. acme/api#42) or as its URL; found "acme/api"'],
    ["no GitHub token", ["pr", "acme/api#1"], { ANTHROPIC_API_KEY: "k" }, "GITHUB_TOKEN is not set: pr mode reads the pull request with it"],
    ["no GitHub token, dry run", ["pr", "acme/api#1", "--dry-run"], {}, "GITHUB_TOKEN is not set"],
    ["no Anthropic key", ["pr", "acme/api#1"], { GITHUB_TOKEN: "t" }, "ANTHROPIC_API_KEY is not set: the review calls Anthropic's API with it"],
    ["--post with --dry-run", ["pr", "acme/api#1", "--post", "--dry-run"], KEYS, "option '--post' cannot be used with option '--dry-run'"],
    ["--post on diff", ["diff", "--post"], KEYS, "unknown option '--post'"],
    ["unknown format", ["diff", "--format", "xml"], KEYS, "Allowed choices are pretty, json, sarif, markdown"],
    ["unknown severity", ["diff", "--fail-on", "severe"], KEYS, "Allowed choices are critical, high, medium, low, never"],
    ["sarif plan", ["diff", "--dry-run", "--format", "sarif"], KEYS, "--dry-run prints a plan as pretty text or json"],
    ["patch and range", ["diff", "HEAD~1", "--patch", "x.diff"], KEYS, "--patch reads the changes from a file or stdin: it cannot be combined"],
    ["unreadable patch", ["diff", "--patch", "missing.diff"], KEYS, "cannot read the --patch file missing.diff: ENOENT"],
    ["not a repository", ["diff"], KEYS, "not inside a git repository"],
    ["bad model", ["diff", "--patch", "-", "--model", "gpt!"], KEYS, '--model: unknown model "gpt!"'],
    ["bad env model", ["diff", "--patch", "-"], { ...KEYS, BACKEND_REVIEW_MODEL: "gpt!" }, 'BACKEND_REVIEW_MODEL: unknown model "gpt!"'],
    ["bad chunk size", ["diff"], { ...KEYS, BACKEND_REVIEW_CHUNK_TOKENS: "5" }, "BACKEND_REVIEW_CHUNK_TOKENS must be a whole number from 2000"],
    ["bad GitHub URL", ["pr", "acme/api#1"], { ...KEYS, GITHUB_API_URL: "ftp://ghe" }, "GITHUB_API_URL must be an http(s) URL"],
    ["missing --config", ["diff", "--patch", "-", "--config", "none.yml"], KEYS, "cannot read the configuration file none.yml: ENOENT"],
  ];

  it.each(cases)("%s", async (_name, argv, env, message) => {
    const result = await runCliForTest(argv, { env: baseEnv(env), cwd: outside });
    expect(result.stderr).toContain(message);
    expect(result).toMatchObject({ code: 2, exits: [2], stdout: "" });
  });

  it("names the GitHub failure and the token when GitHub refuses", async () => {
    nock("https://ghe.example.com").get("/api/v3/repos/acme/api/pulls/1").reply(401, { message: "Bad credentials" });
    const env = baseEnv({ ...KEYS, GITHUB_API_URL: "https://ghe.example.com/api/v3/" });
    const result = await runCliForTest(["pr", "acme/api#1"], { env, cwd: outside });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("backend-review: GitHub rejected GITHUB_TOKEN (401) while reading the pull request: the token is invalid or expired\n");
  });
});
