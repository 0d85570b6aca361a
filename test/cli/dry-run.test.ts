import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliForTest } from "./helpers/cli-harness.js";
import { featureRepo } from "./helpers/feature-repo.js";
import type { TempRepo } from "./helpers/temp-repo.js";

/* A small agent of our own, so the numbers below move only when the core's prompt or chunking does. */
const AGENT = ["---", "name: tiny", "description: A tiny reviewer for tests.", "model: sonnet", "---", "Report SQL injection.", ""].join("\n");

let repo: TempRepo;
const env = (extra: Record<string, string> = {}) => ({ ...repo.env, BACKEND_REVIEW_AGENT_FILE: `${repo.dir}/.agent.md`, ...extra });

beforeAll(() => {
  nock.disableNetConnect(); // a dry run must not try the network at all: any attempt would fail the run
  repo = featureRepo();
  repo.write(".agent.md", AGENT);
  repo.write("logo.png", "P\0N\0G");
  repo.commit("agent and logo");
});
afterAll(() => {
  nock.enableNetConnect();
  repo.remove();
});

describe("--dry-run", () => {
  it("prints the plan: files, skips with reasons, calls with tokens, cost, commentable lines", async () => {
    const result = await runCliForTest(["diff", "--dry-run", "--format", "pretty"], { env: env(), cwd: repo.dir });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      [
        "Dry run: nothing was sent to the model.",
        "Target: main...HEAD",
        "Model: claude-sonnet-5-5",
        "",
        "Selected files (1):",
        "  src/routes/users.ts  TypeScript  added  +7 -0",
        "",
        "Skipped files (3):",
        "  .agent.md  documentation",
        "  README.md  documentation",
        "  logo.png   not server-side code",
        "",
        "Model calls (1), input tokens estimated offline, the 722-token system prompt counted in each:",
        "  1.  879 tokens  src/routes/users.ts",
        "",
        "Estimated input: 879 tokens in 1 call",
        // 159 diff tokens at $2/M, plus the system prompt written to the cache once: 722 at $2/M × 1.25.
        "Estimated cost at list prices (Sonnet 5 and 5.5, USD): $0.0021 input, at most $0.1600 output (16,000 output tokens per call)",
        "Commentable lines: 7",
        "",
      ].join("\n"),
    );
  });

  it("prints tokens only for a model without a known list price", async () => {
    const result = await runCliForTest(["diff", "--dry-run", "--format", "pretty", "--model", "claude-custom-1"], { env: env(), cwd: repo.dir });
    expect(result.stdout).toContain("\nEstimated cost: no list price known for claude-custom-1; tokens only\n");
  });

  it("gives the same plan as json, the default when stdout is not a terminal", async () => {
    const result = await runCliForTest(["diff", "--dry-run"], { env: env(), cwd: repo.dir });
    expect(JSON.parse(result.stdout)).toMatchObject({
      dryRun: true,
      systemTokens: 722,
      calls: [{ tokens: 879, paths: ["src/routes/users.ts"] }],
      inputTokens: 879,
      commentableLines: 7,
      cost: { currency: "USD", listPrices: { family: "Sonnet 5 and 5.5", input: 2, output: 10 }, outputCeiling: 0.16 },
    });
  });
});
