import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ChangedFile } from "../../src/diff/types.js";
import { DEFAULT_AGENT_PATH, parseAgent } from "../../src/review/agent.js";
import { decideConclusion } from "../../src/review/decide-conclusion.js";
import { CATEGORIES, SEVERITIES } from "../../src/review/finding.js";
import { silentLogger } from "../../src/review/logger.js";
import { NO_USAGE, type ReviewModel } from "../../src/review/model.js";
import { accountingLine, renderSummary } from "../../src/review/render-summary.js";
import { reviewChanges } from "../../src/review/review-changes.js";
import type { ReviewReport } from "../../src/review/review-report.js";
import { DEFAULT_REVIEW_SETTINGS } from "../../src/review/review-settings.js";

const agent = parseAgent(readFileSync(DEFAULT_AGENT_PATH, "utf8"), DEFAULT_AGENT_PATH);

const ROUTE_LINES = ["router.get('/u/:id', async (req, res) => {", "  const q = `SELECT * FROM u WHERE id = ${req.params.id}`;", "  const rows = await db.query(q);", "  res.json(rows[0]);", "});"];
const FILES: ChangedFile[] = [
  { filename: "src/routes/u.ts", status: "added", additions: 1, deletions: 0, changes: 1, patch: [`@@ -0,0 +1,${ROUTE_LINES.length} @@`, ...ROUTE_LINES.map((l) => `+${l}`)].join("\n") },
  { filename: "src/db/pool.ts", status: "modified", additions: 1, deletions: 0, changes: 1, patch: "@@ -3,3 +3,3 @@\n import pg from 'pg';\n-const pool = new pg.Pool();\n+const pool = new pg.Pool({ ssl: { rejectUnauthorized: false } });\n export default pool;" },
];

/** Any string, or something close to what a model would write for that field. */
const pathArb = fc.oneof(fc.constantFrom("src/routes/u.ts", "./src/routes/u.ts", "b/src/routes/u.ts", "SRC/db/pool.ts", "pool.ts", "src/other.ts", ""), fc.string());
const quoteArb = fc.oneof(fc.constantFrom(...ROUTE_LINES, ...ROUTE_LINES.map((l, i) => `${i + 1}: ${l}`), ...ROUTE_LINES.map((l) => `+${l}`)), fc.string());
const numberArb = fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }));

/** A finding the API's structured output admits: right types and enum values, any strings and numbers. */
const findingArb = fc.record(
  {
    path: pathArb,
    line: numberArb,
    end_line: numberArb,
    quote: quoteArb,
    severity: fc.constantFrom(...SEVERITIES),
    category: fc.constantFrom(...CATEGORIES),
    check_id: fc.oneof(fc.constantFrom("sql-injection", "SQL_INJECTION", "CWE-89", "tls-verification-disabled", "made-up"), fc.string()),
    title: fc.string(),
    explanation: fc.string(),
    fix: fc.string(),
    replacement: fc.string(),
    confidence: numberArb,
  },
  { requiredKeys: ["path", "line", "quote", "severity", "category", "check_id", "title", "explanation", "fix", "confidence"] },
);

const settingsArb = fc.record({
  minSeverity: fc.constantFrom(...SEVERITIES),
  minConfidence: fc.double({ noNaN: true, min: 0, max: 1 }),
  maxComments: fc.integer({ min: 0, max: 5 }),
});

function accounted(report: ReviewReport): number {
  const d = report.dropped;
  const listed = report.inline.length + report.overflow.length + report.fileLevel.length + report.otherFiles.length;
  return listed + d.unusable + d.duplicates + d.belowSeverity + d.belowConfidence + d.categoryOff + d.known + d.unconfirmed;
}

describe("no finding disappears without a word", () => {
  it("accounts for every finding of any schema-admitted answer, says it in the summary, and is never green over a loss", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(findingArb, { maxLength: 8 }), settingsArb, async (findings, thresholds) => {
        const model: ReviewModel = {
          reportFindings: async () => ({ findings, usage: NO_USAGE, truncated: false }),
          explain: () => Promise.reject(new Error("not used")),
        };
        const settings = { ...DEFAULT_REVIEW_SETTINGS, model: "claude-test", ...thresholds };
        const report = await reviewChanges({ target: "acme/api#1", headSha: "a".repeat(40), files: FILES }, { model, agent, settings, log: silentLogger });
        // The secret rules report nothing here: every finding counted came from the answer.
        expect(report.reported).toBe(findings.length);
        expect(accounted(report)).toBe(findings.length);
        const summary = renderSummary(report, { rerunHint: "Re-run." });
        const notInline = findings.length - report.inline.length;
        if (notInline > 0) expect(summary).toContain(accountingLine(report));
        if (notInline > 0) expect(accountingLine(report)).toContain(`${findings.length === 1 ? "1 finding" : `${findings.length} findings`} reported`);
        const verdict = decideConclusion(report, "never");
        if (report.dropped.unusable > 0) {
          expect(verdict.conclusion).not.toBe("success");
          expect(verdict.title).toContain("could not be used");
        }
        for (const item of [...report.inline, ...report.overflow, ...report.fileLevel]) expect(FILES.map((f) => f.filename)).toContain(item.path);
      }),
      { numRuns: 150 },
    );
  });
});
