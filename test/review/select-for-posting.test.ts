import { describe, it, expect } from "vitest";
import { buildLineIndex, type LineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { anchorFindings, type AnchoredFinding, type AnchorResult, type FileLevelFinding } from "../../src/review/anchor-findings.js";
import { CATEGORIES, type Category, type Finding, type Severity } from "../../src/review/finding.js";
import { selectForPosting, type PostingSelection } from "../../src/review/select-for-posting.js";

/** Held back by any of the repository's filters (severity, confidence, category). */
const filteredOf = (s: PostingSelection): number => s.belowSeverity + s.belowConfidence + s.categoryOff;

const patchOf = (...lines: string[]): string => lines.join("\n");

function indexOf(patch: string): LineIndex {
  const parsed = parsePatch(patch);
  expect(parsed.problems).toEqual([]);
  return buildLineIndex(parsed.hunks);
}

/** A new file: every line 1-8 is commentable and distinct, so each line gives its own fingerprint. */
const NEW_FILE = patchOf(
  "@@ -0,0 +1,8 @@",
  "+import { exec } from 'node:child_process';",
  "+export function run(cmd: string) {",
  "+  exec(cmd);",
  "+  const all = readFileSync(path);",
  "+  for (const id of ids) await db.find(id);",
  "+  JSON.parse(body);",
  "+  return eval(input);",
  "+}",
);

const A = "src/a.ts";
const B = "src/b.ts";
const FILES = new Map([
  [A, indexOf(NEW_FILE)],
  [B, indexOf(NEW_FILE)],
]);
const INDEX_A = FILES.get(A);

function finding(path: string, line: number, severity: Severity, overrides: Partial<Finding> = {}): Finding {
  return {
    path,
    line,
    quote: INDEX_A?.contentAt(line) ?? "",
    severity,
    category: "security",
    check_id: "command-injection",
    title: `finding on ${path}:${line}`,
    explanation: "Input reaches a dangerous sink.",
    fix: "Validate the input.",
    confidence: 0.8,
    ...overrides,
  };
}

/** Anchors like the pipeline does, so fingerprints and lines are the real ones. */
const anchor = (...findings: Finding[]): AnchorResult => anchorFindings(findings, FILES);

const settings = (overrides: { maxComments?: number; minSeverity?: Severity; minConfidence?: number; categories?: readonly Category[] } = {}) => ({
  maxComments: 30,
  minSeverity: "low" as Severity,
  minConfidence: 0,
  categories: [...CATEGORIES],
  ...overrides,
});

const where = (items: readonly (AnchoredFinding | FileLevelFinding)[]): string[] =>
  items.map((item) => `${item.finding.severity} ${item.path}:${"line" in item ? item.line : "file"}`);

describe("selectForPosting: filters", () => {
  const mixed = anchor(
    finding(A, 3, "critical"),
    finding(A, 4, "high", { category: "performance" }),
    finding(A, 5, "medium", { category: "performance" }),
    finding(A, 6, "low", { category: "reliability" }),
    finding(A, 40, "low", { quote: "no such line anywhere" }),
  );

  it("sanity: one file-level finding and four inline ones", () => {
    expect(mixed.inline).toHaveLength(4);
    expect(mixed.fileLevel).toHaveLength(1);
  });

  it.each([
    { min: "low", kept: ["critical src/a.ts:3", "high src/a.ts:4", "medium src/a.ts:5", "low src/a.ts:6"], fileLevel: 1, filtered: 0 },
    { min: "medium", kept: ["critical src/a.ts:3", "high src/a.ts:4", "medium src/a.ts:5"], fileLevel: 0, filtered: 2 },
    { min: "high", kept: ["critical src/a.ts:3", "high src/a.ts:4"], fileLevel: 0, filtered: 3 },
    { min: "critical", kept: ["critical src/a.ts:3"], fileLevel: 0, filtered: 4 },
  ] as const)("minSeverity $min keeps $kept.length inline and counts $filtered as filtered", ({ min, kept, fileLevel, filtered }) => {
    const selection = selectForPosting(mixed, settings({ minSeverity: min }));
    expect(where(selection.inline)).toEqual(kept);
    expect(selection.fileLevel).toHaveLength(fileLevel);
    expect(filteredOf(selection)).toBe(filtered);
    expect(selection.duplicates).toBe(0);
    expect(selection.overflow).toEqual([]);
  });

  it.each([
    { categories: ["security"], kept: ["critical src/a.ts:3"], fileLevel: 1, filtered: 3 },
    { categories: ["performance"], kept: ["high src/a.ts:4", "medium src/a.ts:5"], fileLevel: 0, filtered: 3 },
    { categories: ["security", "reliability"], kept: ["critical src/a.ts:3", "low src/a.ts:6"], fileLevel: 1, filtered: 2 },
    { categories: [], kept: [], fileLevel: 0, filtered: 5 },
  ] as const)("categories $categories count the others (file-level too) as filtered", ({ categories, kept, fileLevel, filtered }) => {
    const selection = selectForPosting(mixed, settings({ categories }));
    expect(where(selection.inline)).toEqual(kept);
    expect(selection.fileLevel).toHaveLength(fileLevel);
    expect(filteredOf(selection)).toBe(filtered);
  });

  it("counts a finding failing both filters once", () => {
    const selection = selectForPosting(anchor(finding(A, 5, "low", { category: "performance" })), settings({ minSeverity: "high", categories: ["security"] }));
    expect(selection).toEqual({ inline: [], overflow: [], fileLevel: [], otherFiles: [], belowSeverity: 1, belowConfidence: 0, categoryOff: 0, duplicates: 0, known: 0 });
  });
});

describe("selectForPosting: duplicates", () => {
  it("counts the same check on the same code twice as one duplicate, even when reported on different lines", () => {
    // Two calls saw the same file: one reported line 3, the other drifted to 4 but quoted line 3.
    const result = anchor(finding(A, 3, "high"), finding(A, 4, "high", { quote: "  exec(cmd);" }));
    expect(result.inline.map((a) => a.line)).toEqual([3, 3]);
    const selection = selectForPosting(result, settings());
    expect(where(selection.inline)).toEqual(["high src/a.ts:3"]);
    expect(selection.duplicates).toBe(1);
    expect(filteredOf(selection)).toBe(0);
  });

  it("does not treat the same code in another file, or another check on the same line, as a duplicate", () => {
    const result = anchor(finding(A, 3, "high"), finding(B, 3, "high"), finding(A, 3, "high", { check_id: "unsafe-exec" }));
    const selection = selectForPosting(result, settings());
    expect(selection.inline).toHaveLength(3);
    expect(selection.duplicates).toBe(0);
  });

  it("keeps the worst of several copies, whatever order the calls answered in", () => {
    const result = anchor(finding(A, 3, "low"), finding(A, 3, "critical"), finding(A, 3, "medium"));
    const selection = selectForPosting(result, settings());
    expect(where(selection.inline)).toEqual(["critical src/a.ts:3"]);
    expect(selection.duplicates).toBe(2);
  });

  it("counts a copy removed by the filters as filtered, not as a duplicate, and keeps the copy that passes", () => {
    const result = anchor(finding(A, 3, "low"), finding(A, 3, "high"));
    const selection = selectForPosting(result, settings({ minSeverity: "medium" }));
    expect(where(selection.inline)).toEqual(["high src/a.ts:3"]);
    expect(filteredOf(selection)).toBe(1);
    expect(selection.duplicates).toBe(0);
  });

  it("deduplicates file-level findings by their quote", () => {
    const lost = (severity: Severity) => finding(A, 40, severity, { quote: "await fetch(url)" });
    const selection = selectForPosting(anchor(lost("high"), lost("high")), settings());
    expect(selection.fileLevel).toHaveLength(1);
    expect(selection.duplicates).toBe(1);
  });
});

describe("selectForPosting: order and cap", () => {
  // Deliberately shuffled; B's findings are reported on lines the anchoring moves (by quote).
  const shuffled = anchor(
    finding(B, 6, "high"),
    finding(A, 7, "medium"),
    finding(B, 8, "critical", { quote: "  exec(cmd);" }), // anchored on 3
    finding(A, 5, "high"),
    finding(A, 2, "critical"),
    finding(B, 4, "high"),
    finding(A, 40, "critical", { quote: "not in the diff" }),
    finding(A, 1, "low"),
  );

  it("orders worst first, then by path, then by the line the comment sits on", () => {
    const selection = selectForPosting(shuffled, settings());
    expect(where(selection.inline)).toEqual([
      "critical src/a.ts:2",
      "critical src/b.ts:3",
      "high src/a.ts:5",
      "high src/b.ts:4",
      "high src/b.ts:6",
      "medium src/a.ts:7",
      "low src/a.ts:1",
    ]);
  });

  it("sorts by the anchored line, not the line the model reported", () => {
    const result = anchor(finding(A, 8, "high", { quote: "  exec(cmd);" }), finding(A, 5, "high"));
    expect(where(selectForPosting(result, settings()).inline)).toEqual(["high src/a.ts:3", "high src/a.ts:5"]);
  });

  it.each([
    { max: 7, inline: 7, overflow: [] },
    { max: 3, inline: 3, overflow: ["high src/b.ts:4", "high src/b.ts:6", "medium src/a.ts:7", "low src/a.ts:1"] },
    { max: 1, inline: 1, overflow: ["critical src/b.ts:3", "high src/a.ts:5", "high src/b.ts:4", "high src/b.ts:6", "medium src/a.ts:7", "low src/a.ts:1"] },
  ])("caps inline at maxComments $max, worst kept, the rest in overflow in order", ({ max, inline, overflow }) => {
    const selection = selectForPosting(shuffled, settings({ maxComments: max }));
    expect(selection.inline).toHaveLength(inline);
    expect(where(selection.overflow)).toEqual(overflow);
  });

  it("puts everything in overflow when maxComments is 0", () => {
    const selection = selectForPosting(shuffled, settings({ maxComments: 0 }));
    expect(selection.inline).toEqual([]);
    expect(selection.overflow).toHaveLength(7);
  });

  it("keeps file-level findings apart: not counted against the cap, never in overflow", () => {
    const selection = selectForPosting(shuffled, settings({ maxComments: 1 }));
    expect(where(selection.fileLevel)).toEqual(["critical src/a.ts:file"]);
    expect([...selection.inline, ...selection.overflow].some((a) => a.line === 40)).toBe(false);
  });

  it("leaves the anchoring result untouched", () => {
    const before = structuredClone(shuffled);
    selectForPosting(shuffled, settings({ maxComments: 2, minSeverity: "high" }));
    expect(shuffled).toEqual(before);
  });
});

describe("selectForPosting: findings raised by earlier reviews (known)", () => {
  const fingerprintOfOnly = (result: AnchorResult): string => {
    const [item] = [...result.inline, ...result.fileLevel];
    if (!item) throw new Error("fixture: nothing anchored");
    return item.fingerprint;
  };
  const EXEC_A = fingerprintOfOnly(anchor(finding(A, 3, "critical")));
  const EVAL_A = fingerprintOfOnly(anchor(finding(A, 7, "high")));
  const LOST_A = fingerprintOfOnly(anchor(finding(A, 40, "high", { quote: "await fetch(url)" })));

  it.each<{
    name: string;
    result: AnchorResult;
    known: string[];
    minSeverity?: Severity;
    inline: string[];
    fileLevel: number;
    counts: { known: number; duplicates: number; filtered: number };
  }>([
    {
      name: "an inline finding raised before is not posted and counted as known, not as a duplicate",
      result: anchor(finding(A, 3, "critical"), finding(A, 5, "medium")),
      known: [EXEC_A],
      inline: ["medium src/a.ts:5"],
      fileLevel: 0,
      counts: { known: 1, duplicates: 0, filtered: 0 },
    },
    {
      name: "a file-level finding raised before is not listed again",
      result: anchor(finding(A, 40, "high", { quote: "await fetch(url)" }), finding(A, 5, "medium")),
      known: [LOST_A],
      inline: ["medium src/a.ts:5"],
      fileLevel: 0,
      counts: { known: 1, duplicates: 0, filtered: 0 },
    },
    {
      name: "a known finding reported on a drifted line (same code) is still known",
      result: anchor(finding(A, 8, "critical", { quote: "  exec(cmd);" })),
      known: [EXEC_A],
      inline: [],
      fileLevel: 0,
      counts: { known: 1, duplicates: 0, filtered: 0 },
    },
    {
      name: "the same code in another file is a new finding",
      result: anchor(finding(B, 3, "critical")),
      known: [EXEC_A],
      inline: ["critical src/b.ts:3"],
      fileLevel: 0,
      counts: { known: 0, duplicates: 0, filtered: 0 },
    },
    {
      name: "another check on a known line is a new finding",
      result: anchor(finding(A, 3, "critical", { check_id: "unsafe-exec" })),
      known: [EXEC_A],
      inline: ["critical src/a.ts:3"],
      fileLevel: 0,
      counts: { known: 0, duplicates: 0, filtered: 0 },
    },
    {
      name: "a known finding below the repo's threshold is counted as filtered only",
      result: anchor(finding(A, 7, "high")),
      known: [EVAL_A],
      minSeverity: "critical",
      inline: [],
      fileLevel: 0,
      counts: { known: 0, duplicates: 0, filtered: 1 },
    },
    {
      name: "nothing known: everything posted",
      result: anchor(finding(A, 3, "critical"), finding(A, 7, "high")),
      known: [],
      inline: ["critical src/a.ts:3", "high src/a.ts:7"],
      fileLevel: 0,
      counts: { known: 0, duplicates: 0, filtered: 0 },
    },
  ])("$name", ({ result, known, minSeverity = "low", inline, fileLevel, counts }) => {
    const selection = selectForPosting(result, settings({ minSeverity }), new Set(known));
    expect(where([...selection.inline, ...selection.overflow])).toEqual(inline);
    expect(selection.fileLevel).toHaveLength(fileLevel);
    expect({ known: selection.known, duplicates: selection.duplicates, filtered: filteredOf(selection) }).toEqual(counts);
  });

  it("a known finding reported by two calls is one known finding, and neither copy is posted", () => {
    const result = anchor(finding(A, 3, "critical"), finding(A, 3, "high"));
    const selection = selectForPosting(result, settings(), new Set([EXEC_A]));
    expect(selection.inline).toEqual([]);
    expect(selection.overflow).toEqual([]);
    expect(selection.known).toBe(1);
  });

  it("applies the worst-first cap after removing known findings, so new ones fill the free slots", () => {
    const result = anchor(finding(A, 3, "critical"), finding(A, 7, "high"), finding(A, 5, "medium"), finding(A, 6, "low"));
    const selection = selectForPosting(result, settings({ maxComments: 2 }), new Set([EXEC_A, EVAL_A]));
    expect(where(selection.inline)).toEqual(["medium src/a.ts:5", "low src/a.ts:6"]);
    expect(selection.overflow).toEqual([]);
    expect(selection.known).toBe(2);
  });

  it("keeps the overflow to new findings too", () => {
    const result = anchor(finding(A, 3, "critical"), finding(A, 7, "high"), finding(A, 5, "medium"), finding(A, 6, "low"));
    const selection = selectForPosting(result, settings({ maxComments: 1 }), new Set([EXEC_A]));
    expect(where(selection.inline)).toEqual(["high src/a.ts:7"]);
    expect(where(selection.overflow)).toEqual(["medium src/a.ts:5", "low src/a.ts:6"]);
  });
});

describe("selectForPosting: min_confidence", () => {
  it("leaves out findings the reviewer is less sure of than the threshold, counted as filtered", () => {
    const sure = finding(A, 5, "high", { confidence: 0.9 });
    const unsure = finding(A, 7, "critical", { confidence: 0.55 });
    const selection = selectForPosting(anchor(sure, unsure), settings({ minConfidence: 0.7 }));
    expect(selection.inline.map((i) => i.line)).toEqual([5]);
    expect([selection.belowSeverity, selection.belowConfidence, selection.categoryOff]).toEqual([0, 1, 0]);
  });
});
