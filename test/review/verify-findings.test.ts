import { buildCheckVocabulary } from "../../src/review/normalise-findings.js";
import { describe, expect, it } from "vitest";
import { buildLineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { anchorFindings } from "../../src/review/anchor-findings.js";
import { buildChunks } from "../../src/review/build-chunks.js";
import type { Finding } from "../../src/review/finding.js";
import { silentLogger } from "../../src/review/logger.js";
import { ModelCallError, type ModelRequest, type ReviewModel } from "../../src/review/model.js";
import { verifyFindings } from "../../src/review/verify-findings.js";

const PATCH = ["@@ -1,2 +1,4 @@", " const db = pool();", "+const q = `SELECT * FROM t WHERE id = ${id}`;", "+const r = Math.random();", " export { q };"].join("\n");
const hunks = parsePatch(PATCH).hunks;
const file = { path: "src/a.ts", status: "modified" as const, language: "TypeScript", hunks, lineIndex: buildLineIndex(hunks) };
const chunk = buildChunks([file], { chunkTokens: 10_000, reviewTokens: 100_000, systemTokens: 100 }).chunks[0]!;

function finding(line: number, severity: Finding["severity"], check: string, quote: string): Finding {
  return { path: "src/a.ts", line, quote, severity, category: "security", check_id: check, title: "A defect here", explanation: "Why it matters.", fix: "How to fix.", confidence: 0.9 };
}
const sql = finding(2, "critical", "sql-injection", "const q = `SELECT * FROM t WHERE id = ${id}`;");
const random = finding(3, "high", "insecure-randomness", "const r = Math.random();");
const style = finding(3, "low", "input-validation", "const r = Math.random();");

/** A second look that confirms only the checks it is given; `calls` records what it was asked. */
function secondLook(confirmed: string[], fail = false) {
  const calls: ModelRequest[] = [];
  const model: ReviewModel = {
    async reportFindings(request) {
      calls.push(request);
      if (fail) throw new ModelCallError("model API overloaded after 3 attempts");
      const asked = [sql, random].find((f) => request.prompt.includes(`"check_id": "${f.check_id}"`));
      return { findings: asked && confirmed.includes(asked.check_id) ? [asked] : [], usage: { input: 10, output: 5, cacheRead: 100, cacheWrite: 0 }, truncated: false };
    },
    explain: async () => ({ text: "", usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } }),
  };
  return { model, calls };
}

const deps = (model: ReviewModel) => ({
  model,
  agent: { name: "a", description: "d", model: "m", modelSetting: "m", prompt: "You review.", source: "test" },
  settings: { model: "m", maxOutputTokens: 100 },
  log: silentLogger,
  vocabulary: buildCheckVocabulary("- `sql-injection` — (security; CWE-89) SQL\n- `input-validation` — (security; CWE-20) input"),
});

describe("verifyFindings: the second look", () => {
  it("keeps high and critical findings it confirms, drops the others, and never re-checks low ones", async () => {
    const { model, calls } = secondLook(["sql-injection"]);
    const anchored = anchorFindings([sql, random, style], new Map([["src/a.ts", file.lineIndex]]));
    const checked = await verifyFindings(anchored, chunk, deps(model));
    expect(checked.result.inline.map((f) => f.finding.check_id)).toEqual(["sql-injection", "input-validation"]);
    expect(checked.unconfirmed).toBe(1);
    expect(calls).toHaveLength(2);
    expect(checked.usage).toEqual({ input: 20, output: 10, cacheRead: 200, cacheWrite: 0 });
    expect(calls[0]!.system).toMatch(/^You review\.\n\n# Checking one finding/);
    expect(calls[0]!.prompt).toContain('=== FILE "src/a.ts" (modified, TypeScript) ===');
    expect(calls[0]!.prompt).toContain('|   "check_id": "sql-injection",');
  });

  it("keeps the findings when the second look fails: an outage must not hide a critical defect", async () => {
    const { model } = secondLook([], true);
    const anchored = anchorFindings([sql, random], new Map([["src/a.ts", file.lineIndex]]));
    const checked = await verifyFindings(anchored, chunk, deps(model));
    expect(checked.result.inline).toHaveLength(2);
    expect(checked.unconfirmed).toBe(0);
  });
});

describe("verifyFindings: the second answer read like the first", () => {
  it.each([
    { why: "the check id in another spelling", again: { check_id: "SQL_INJECTION" } },
    { why: "a CWE id for the check", again: { check_id: "CWE-89" } },
    { why: "a line two off", again: { line: 4 } },
    { why: "no line, the same code quoted", again: { line: 0 } },
    { why: "the path with the diff's b/ prefix", again: { path: "b/src/a.ts" } },
  ])("confirms with $why", async ({ again }) => {
    const model: ReviewModel = {
      reportFindings: async () => ({ findings: [{ ...sql, ...again }], usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 }, truncated: false }),
      explain: () => Promise.reject(new Error("not used")),
    };
    const checked = await verifyFindings(anchorFindings([sql], new Map([["src/a.ts", file.lineIndex]])), chunk, deps(model));
    expect(checked.unconfirmed).toBe(0);
    expect(checked.result.inline).toHaveLength(1);
  });

  it("does not confirm another check on the same line, or the same check far away", async () => {
    for (const again of [{ check_id: "command-injection" }, { line: 40, quote: "other();" }]) {
      const model: ReviewModel = {
        reportFindings: async () => ({ findings: [{ ...sql, ...again }], usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 }, truncated: false }),
        explain: () => Promise.reject(new Error("not used")),
      };
      const checked = await verifyFindings(anchorFindings([sql], new Map([["src/a.ts", file.lineIndex]])), chunk, deps(model));
      expect(checked.unconfirmed).toBe(1);
    }
  });
});
