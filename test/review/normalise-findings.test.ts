import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_AGENT_PATH, parseAgent } from "../../src/review/agent.js";
import { buildCheckVocabulary, normaliseFindings, readCheckId } from "../../src/review/normalise-findings.js";

const agent = parseAgent(readFileSync(DEFAULT_AGENT_PATH, "utf8"), DEFAULT_AGENT_PATH);
const vocabulary = buildCheckVocabulary(agent.prompt);

/** A finding as the API's schema admits it and a careful model writes it. */
const WELL_FORMED = {
  path: "src/routes/users.js",
  line: 21,
  quote: "  const q = `SELECT * FROM users WHERE id = ${req.params.id}`;",
  severity: "critical",
  category: "security",
  check_id: "sql-injection",
  title: "SQL built from a request parameter",
  explanation: "req.params.id is interpolated into the SQL text.",
  fix: "Bind the id as a parameter.",
  confidence: 0.95,
};

function one(overrides: Record<string, unknown>) {
  const result = normaliseFindings([{ ...WELL_FORMED, ...overrides }], vocabulary);
  expect(result.unusable).toEqual([]);
  const [only] = result.findings;
  if (!only) throw new Error("no finding");
  return only;
}

describe("normaliseFindings: forms real models write", () => {
  it("keeps a well-formed finding as it is, with no repair", () => {
    const { finding, repairs } = one({});
    expect(repairs).toEqual([]);
    expect(finding).toEqual({ ...WELL_FORMED, end_line: undefined, replacement: undefined });
  });

  it.each([
    { given: "SEC-INJECTION", want: "sec-injection" },
    { given: "SQL_INJECTION", want: "sql-injection" },
    { given: "Sql Injection", want: "sql-injection" },
    { given: "  sql-injection ", want: "sql-injection" },
    { given: "CWE-89", want: "sql-injection" },
    { given: "cwe_89", want: "sql-injection" },
    { given: "CWE-89: SQL Injection", want: "sql-injection" },
    { given: "security/sql-injection", want: "sql-injection" },
    { given: "sql-injection (CWE-89)", want: "sql-injection" },
    { given: "CWE-918", want: "ssrf" },
    { given: "CWE-79", want: "cwe-79" },
    { given: "N+1 Query", want: "n-1-query" },
    { given: "log.injection!", want: "log-injection" },
    { given: "!!!", want: "unclassified" },
    { given: `${"very-long-".repeat(10)}id`, want: "very-long-very-long-very-long-very-long-very-long-very-long" },
  ])("check id $given → $want (kept, never a reason to drop)", ({ given, want }) => {
    const { finding, repairs } = one({ check_id: given });
    expect(finding.check_id).toBe(want);
    expect(repairs).toContain("check id");
    expect(readCheckId(given, vocabulary)).toBe(want);
  });

  it.each([
    { given: 85, want: 0.85, repair: "confidence as a percentage" },
    { given: 100, want: 1, repair: "confidence as a percentage" },
    { given: "85%", want: 0.85, repair: "confidence as a percentage" },
    { given: "0.8", want: 0.8, repair: "confidence as text" },
    { given: 250, want: 1, repair: "confidence out of range" },
    { given: -0.2, want: 0, repair: "confidence out of range" },
    { given: 1, want: 1, repair: undefined },
    { given: 0, want: 0, repair: undefined },
  ])("confidence $given → $want", ({ given, want, repair }) => {
    const { finding, repairs } = one({ confidence: given });
    expect(finding.confidence).toBeCloseTo(want);
    expect(repairs.find((r) => r.startsWith("confidence"))).toBe(repair);
  });

  it("cuts over-long text with an ellipsis at the cap and keeps the finding", () => {
    const { finding, repairs } = one({ title: "T".repeat(250), explanation: "é".repeat(5_000), fix: "x".repeat(2_001) });
    expect(finding.title).toHaveLength(200);
    expect(finding.title.endsWith("…")).toBe(true);
    expect(finding.explanation).toHaveLength(2_000);
    expect(finding.fix).toBe(`${"x".repeat(1_999)}…`);
    expect(repairs).toEqual(["title cut", "explanation cut", "fix cut"]);
  });

  it("derives a too-short title from the check id, and an empty explanation from the title", () => {
    const { finding, repairs } = one({ title: "", explanation: "" });
    expect(finding.title).toBe("Sql injection");
    expect(finding.explanation).toBe("Sql injection");
    expect(repairs).toContain("title");
  });

  it.each([
    { line: 0, end: undefined, want: [undefined, undefined] },
    { line: -3, end: 5, want: [undefined, undefined] },
    { line: 12.5, end: undefined, want: [undefined, undefined] },
    { line: "21", end: "23", want: [21, 23] },
    { line: 21, end: 19, want: [21, undefined] },
    { line: 21, end: 21, want: [21, 21] },
  ])("line $line, end_line $end → $want (unusable lines are left to the quote)", ({ line, end, want }) => {
    const { finding } = one({ line, end_line: end });
    expect([finding.line, finding.end_line]).toEqual(want);
  });

  it.each([
    { severity: "Critical", category: "Security", want: ["critical", "security"] },
    { severity: "HIGH", category: "PERFORMANCE", want: ["high", "performance"] },
    { severity: "moderate", category: "perf", want: ["medium", "performance"] },
    { severity: "minor", category: "something-else", want: ["low", "security"] },
  ])("severity $severity and category $category are read in any case", ({ severity, category, want }) => {
    const { finding, repairs } = one({ severity, category });
    expect([finding.severity, finding.category]).toEqual(want);
    expect(repairs).toEqual(expect.arrayContaining(["severity", "category"]));
  });

  it("reads words that name object internals as nothing, not as a severity or category", () => {
    expect(normaliseFindings([{ ...WELL_FORMED, severity: "constructor" }], vocabulary).unusable).toEqual(['finding 1: severity "constructor" is not one of critical, high, medium, low']);
    expect(one({ category: "__proto__" }).finding.category).toBe("security");
    expect(one({ check_id: "toString" }).finding.check_id).toBe("tostring");
  });

  it("takes an unknown category from the checklist's own for a known check", () => {
    expect(one({ check_id: "n-plus-one-query", category: "db" }).finding.category).toBe("performance");
  });

  it("leaves out a replacement too long to be exact code, never cutting it", () => {
    const { finding, repairs } = one({ replacement: "x".repeat(4_001) });
    expect(finding.replacement).toBeUndefined();
    expect(repairs).toContain("replacement left out");
  });

  it("counts as unusable only what names no file or no severity, and says which item", () => {
    const result = normaliseFindings(
      [WELL_FORMED, "a sentence", null, { ...WELL_FORMED, path: "  " }, { ...WELL_FORMED, severity: "urgent" }, { ...WELL_FORMED, quote: 42, title: 7 }],
      vocabulary,
    );
    expect(result.unusable).toEqual([
      "finding 2: not an object",
      "finding 3: not an object",
      "finding 4: no path",
      'finding 5: severity "urgent" is not one of critical, high, medium, low',
    ]);
    expect(result.findings).toHaveLength(2);
    expect(result.findings[1]?.finding).toMatchObject({ quote: "", title: "Sql injection" });
  });
});
