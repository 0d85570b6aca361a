import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { buildLineIndex, type LineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { DiffLineKind } from "../../src/diff/types.js";
import { occurrenceOf } from "../../src/review/fingerprint.js";
import { anchorFindings, fingerprintOf, normaliseCode } from "../../src/review/anchor-findings.js";
import type { Finding } from "../../src/review/finding.js";

const RUNS = { numRuns: 300 };
const PATH = "src/orders/order-repo.ts";
const PREFIX: Record<DiffLineKind, string> = { add: "+", del: "-", context: " " };

// A small pool makes quotes repeat across lines and hunks, which is where anchoring has to choose.
const POOL = ["}", "  return rows;", "    return rows;", "const rows = await db.query(sql);", "if (!user) {", "", "  end", "\tlog(x)\u0085"];
const content = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...POOL) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme" }).map((s) => s.replace(/[\r\n]/g, "")) });
const hunkArb = fc.record({
  gap: fc.nat({ max: 40 }),
  lines: fc.array(fc.record({ kind: fc.constantFrom<DiffLineKind>("add", "del", "context"), content }), { minLength: 1, maxLength: 10 }),
});

/** A well-formed patch (its parsing is property-tested on its own) and the contents it holds. */
function build(hunks: { gap: number; lines: { kind: DiffLineKind; content: string }[] }[]): { index: LineIndex; contents: string[]; maxLine: number } {
  const rows: string[] = [];
  let nextOld = 1;
  let nextNew = 1;
  for (const { gap, lines } of hunks) {
    const oldCount = lines.filter((l) => l.kind !== "add").length;
    const newCount = lines.filter((l) => l.kind !== "del").length;
    rows.push(`@@ -${nextOld + gap},${oldCount} +${nextNew + gap},${newCount} @@`, ...lines.map((l) => PREFIX[l.kind] + l.content));
    nextOld += gap + oldCount;
    nextNew += gap + newCount;
  }
  const parsed = parsePatch(rows.join("\n"));
  expect(parsed.problems).toEqual([]);
  return { index: buildLineIndex(parsed.hunks), contents: hunks.flatMap((h) => h.lines.map((l) => l.content)), maxLine: nextNew };
}

const scenario = fc.array(hunkArb, { minLength: 1, maxLength: 4 }).chain((hunks) => {
  const { index, contents, maxLine } = build(hunks);
  const lines = index.lines();
  const reported = lines.length > 0 ? fc.oneof(fc.constantFrom(...lines), fc.integer({ min: 1, max: maxLine + 40 })) : fc.integer({ min: 1, max: maxLine + 40 });
  const quote = fc.oneof(
    fc.constantFrom(...contents), // real code, deleted lines included
    fc.constantFrom(...contents).map((c) => `  ${c.replace(/ /g, "   ")} `), // whitespace drift
    fc.tuple(fc.constantFrom(...contents), fc.constantFrom(...contents)).map(([a, b]) => `${a}\n${b}`),
    fc.string(),
  );
  const finding = fc.record({
    path: fc.constantFrom(PATH, PATH, PATH, "src/elsewhere.ts"),
    line: reported,
    endOffset: fc.option(fc.integer({ min: -2, max: 8 }), { nil: undefined }),
    quote,
    replacement: fc.option(fc.string(), { nil: undefined }),
  });
  return fc.record({ hunks: fc.constant(hunks), findings: fc.array(finding, { maxLength: 8 }) });
});

function toFinding(g: { path: string; line: number; endOffset: number | undefined; quote: string; replacement: string | undefined }): Finding {
  const endLine = g.endOffset === undefined ? undefined : Math.max(1, g.line + g.endOffset);
  return {
    path: g.path,
    line: g.line,
    ...(endLine === undefined ? {} : { end_line: endLine }),
    quote: g.quote,
    severity: "high",
    category: "security",
    check_id: "sql-injection",
    title: "Query built from input",
    explanation: "The value reaches the query unescaped.",
    fix: "Use a bound parameter.",
    ...(g.replacement === undefined ? {} : { replacement: g.replacement }),
    confidence: 0.9,
  };
}

describe("anchorFindings properties", () => {
  it("never throws and accounts for every finding exactly once", () => {
    fc.assert(
      fc.property(scenario, ({ hunks, findings: gens }) => {
        const { index } = build(hunks);
        const findings = gens.map(toFinding);
        const result = anchorFindings(findings, new Map([[PATH, index]]));
        expect(result.inline.length + result.fileLevel.length + result.otherFiles.length).toBe(findings.length);
        expect(result.otherFiles.map((f) => f.finding)).toEqual(findings.filter((f) => f.path !== PATH));
      }),
      RUNS,
    );
  });

  it("places comments only on commentable lines, ranges inside one hunk", () => {
    fc.assert(
      fc.property(scenario, ({ hunks, findings: gens }) => {
        const { index } = build(hunks);
        for (const a of anchorFindings(gens.map(toFinding), new Map([[PATH, index]])).inline) {
          expect(index.isCommentable(a.line)).toBe(true);
          if (a.startLine === undefined) continue;
          expect(a.startLine).toBeLessThan(a.line);
          expect(index.sameHunk(a.startLine, a.line)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("suggests only when the whole quote is the anchored first line", () => {
    fc.assert(
      fc.property(scenario, ({ hunks, findings: gens }) => {
        const { index } = build(hunks);
        for (const a of anchorFindings(gens.map(toFinding), new Map([[PATH, index]])).inline) {
          const first = a.startLine ?? a.line;
          expect(a.fingerprint).toBe(fingerprintOf(a.finding, index.contentAt(first) ?? "", occurrenceOf(index, first)));
          if (a.suggestion === undefined) continue;
          expect(a.suggestion).toBe(a.finding.replacement);
          // The quote is the line, give or take a printed line number or diff marker in front.
          expect(normaliseCode(a.finding.quote).endsWith(normaliseCode(index.contentAt(first) ?? ""))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("keeps a single-line finding whose quote is its own line where it is, with its suggestion", () => {
    fc.assert(
      fc.property(scenario, fc.string(), ({ hunks }, replacement) => {
        const { index } = build(hunks);
        for (const line of index.lines()) {
          const quote = index.contentAt(line) ?? "";
          if (normaliseCode(quote) === "") continue;
          const [placed] = anchorFindings([toFinding({ path: PATH, line, endOffset: undefined, quote, replacement })], new Map([[PATH, index]])).inline;
          expect([placed?.line, placed?.startLine, placed?.suggestion]).toEqual([line, undefined, replacement]);
        }
      }),
      RUNS,
    );
  });
});
