import { describe, expect, it } from "vitest";
import type { ChangedFile, SkippedFile } from "../../src/diff/types.js";
import type { AgentDefinition } from "../../src/review/agent.js";
import { decideConclusion } from "../../src/review/decide-conclusion.js";
import { silentLogger } from "../../src/review/logger.js";
import { NO_USAGE, type ReviewModel } from "../../src/review/model.js";
import { renderSummary } from "../../src/review/render-summary.js";
import { reviewChanges } from "../../src/review/review-changes.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../../src/review/review-settings.js";

const AGENT: AgentDefinition = { name: "t", description: "t", model: "claude-test", modelSetting: "claude-test", prompt: "Review.", source: "test" };

/** A new file of `lines` lines, each naming the file so a prompt shows which files it carries. */
function added(path: string, lines: number, text = (n: number) => `export const v${n} = "${path} line ${n} ${"x".repeat(20)}";`): ChangedFile {
  const body = Array.from({ length: lines }, (_, i) => `+${text(i + 1)}`);
  return { filename: path, status: "added", additions: lines, deletions: 0, changes: lines, patch: [`@@ -0,0 +1,${lines} @@`, ...body].join("\n") };
}

const bytes = (file: ChangedFile) => Buffer.byteLength(file.patch ?? "", "utf8");

/** Runs the core with a stand-in model that records every prompt it is sent. */
async function review(files: ChangedFile[], overrides: Partial<ReviewSettings> = {}) {
  const prompts: string[] = [];
  const model: ReviewModel = {
    reportFindings: async (request) => {
      prompts.push(request.prompt);
      return { findings: [], usage: NO_USAGE, truncated: false };
    },
    explain: () => Promise.reject(new Error("not used")),
  };
  const settings: ReviewSettings = { ...DEFAULT_REVIEW_SETTINGS, model: "claude-test", ...overrides };
  const report = await reviewChanges({ target: "acme/api#1", headSha: "a".repeat(40), files }, { model, agent: AGENT, settings, log: silentLogger });
  const sent = (path: string) => prompts.some((p) => p.includes(`=== FILE ${JSON.stringify(path)}`));
  return { report, prompts, sent };
}

const skip = (path: string, reason: SkippedFile["reason"]): SkippedFile => ({ path, reason });

describe("resource bounds: defaults", () => {
  it("limits files, bytes and model calls out of the box", () => {
    expect(DEFAULT_REVIEW_SETTINGS).toMatchObject({ maxFiles: 300, maxPatchBytes: 200_000, maxReviewBytes: 3_000_000, maxCalls: 40 });
  });
});

describe("resource bounds: files and bytes", () => {
  it("reviews the first maxFiles server-side files in PR order; other files do not count", async () => {
    const files = [added("src/a.ts", 3), added("README.md", 3), added("src/b.ts", 3), added("src/c.ts", 3), added("src/d.ts", 3)];
    const { report, sent } = await review(files, { maxFiles: 2 });
    expect(report.reviewed).toEqual(["src/a.ts", "src/b.ts"]);
    expect(report.skipped).toEqual([
      skip("README.md", "documentation"),
      skip("src/c.ts", "over the review's file limit"),
      skip("src/d.ts", "over the review's file limit"),
    ]);
    expect(["src/c.ts", "src/d.ts"].filter(sent)).toEqual([]);
  });

  it("skips a patch over maxPatchBytes, counting bytes rather than characters, and keeps one exactly at it", async () => {
    const wide = added("src/wide.ts", 1, () => "é".repeat(600));
    const exact = added("src/exact.ts", 10);
    expect(wide.patch!.length).toBeLessThan(1_000);
    const { report, sent } = await review([wide, exact], { maxPatchBytes: bytes(exact) });
    expect(bytes(wide)).toBeGreaterThan(bytes(exact));
    expect(report.reviewed).toEqual(["src/exact.ts"]);
    expect(report.skipped).toEqual([skip("src/wide.ts", `patch too large (over ${bytes(exact).toLocaleString("en-US")} bytes)`)]);
    expect(sent("src/wide.ts")).toBe(false);
  });

  it("a patch too large uses no file slot and no bytes of the review", async () => {
    const files = [added("src/huge.ts", 400), added("src/a.ts", 3)];
    const { report } = await review(files, { maxPatchBytes: 5_000, maxFiles: 1, maxReviewBytes: bytes(files[1]!) });
    expect(report.reviewed).toEqual(["src/a.ts"]);
    expect(report.skipped).toEqual([skip("src/huge.ts", "patch too large (over 5,000 bytes)")]);
  });

  it("stops at maxReviewBytes but goes on to later files that still fit, each whole", async () => {
    const [a, b, c] = [added("src/a.ts", 10), added("src/b.ts", 40), added("src/c.ts", 10)];
    const { report, sent } = await review([a, b, c], { maxReviewBytes: bytes(a) + bytes(c) });
    expect(report.reviewed).toEqual(["src/a.ts", "src/c.ts"]);
    expect(report.skipped).toEqual([skip("src/b.ts", "over the review's size limit")]);
    expect(sent("src/b.ts")).toBe(false);
  });
});

describe("resource bounds: model calls", () => {
  // At 1,500 tokens a call, a 60-line file fills most of one call, a 1-line file fits beside it,
  // and a 200-line file needs three calls.
  const limits = { chunkTokens: 1_500, reviewTokens: 10_000_000, maxCalls: 2 };
  const files = [added("src/a.ts", 60), added("src/b.ts", 60), added("src/big.ts", 200), added("src/tiny.ts", 1), added("src/e.ts", 60)];

  it("makes at most maxCalls calls and leaves out whole the files that would need more", async () => {
    const { report, prompts, sent } = await review(files, limits);
    expect(prompts).toHaveLength(2);
    expect(report.calls).toBe(2);
    expect(report.reviewed).toEqual(["src/a.ts", "src/b.ts", "src/tiny.ts"]);
    expect(report.skipped).toEqual([
      skip("src/big.ts", "over the review's model call limit"),
      skip("src/e.ts", "over the review's model call limit"),
    ]);
    // Whole or not at all: not one part of a skipped file is sent, the small one shares a call.
    expect(files.map((f) => f.filename).filter(sent)).toEqual(["src/a.ts", "src/b.ts", "src/tiny.ts"]);
    expect(prompts[1]).toContain('=== FILE "src/tiny.ts"');
  });

  it("skips nothing when the calls fit, however the files are split", async () => {
    const { report, prompts } = await review(files, { ...limits, maxCalls: 40 });
    expect(report.skipped).toEqual([]);
    expect(prompts.length).toBeGreaterThanOrEqual(6);
    expect(report.calls).toBe(prompts.length);
  });

  it("counts a call limit of zero as no model call at all", async () => {
    const { report, prompts } = await review(files.slice(0, 2), { ...limits, maxCalls: 0 });
    expect(prompts).toEqual([]);
    expect(report.reviewed).toEqual([]);
    expect(report.skipped.map((s) => s.reason)).toEqual(["over the review's model call limit", "over the review's model call limit"]);
  });
});

describe("resource bounds: the summary and the check run say why", () => {
  // b is some 8,000 tokens: over a 5,000-token budget whatever the system prompt's size.
  const two = [added("src/a.ts", 10), added("src/b.ts", 400)];
  it.each([
    [{ maxFiles: 1 }, "over the review's file limit"],
    [{ maxPatchBytes: bytes(two[0]!) }, `patch too large (over ${bytes(two[0]!).toLocaleString("en-US")} bytes)`],
    [{ maxReviewBytes: bytes(two[0]!) }, "over the review's size limit"],
    [{ maxCalls: 1, chunkTokens: 600 }, "over the review's model call limit"],
    [{ reviewTokens: 5_000 }, "over the review's token budget"],
  ] as const)("%j: a neutral check, never a plain success, with the reason listed", async (overrides, reason) => {
    const { report } = await review(two, overrides);
    expect(report.skipped).toEqual([skip("src/b.ts", reason)]);
    expect(decideConclusion(report, "never")).toEqual({
      conclusion: "neutral",
      title: "Reviewed 1 of 2 server-side files (no findings); 1 could not be reviewed",
    });
    expect(renderSummary(report, { rerunHint: "" })).toContain(`| \`src/b.ts\` | ${reason} |`);
  });
});
