import { describe, it, expect } from "vitest";
import { buildLineIndex, type LineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { anchorFindings, fingerprintOf, type AnchorResult } from "../../src/review/anchor-findings.js";
import type { Finding } from "../../src/review/finding.js";

const patchOf = (...lines: string[]): string => lines.join("\n");

function indexOf(patch: string): LineIndex {
  const parsed = parsePatch(patch);
  // A broken fixture would make every expectation below meaningless.
  expect(parsed.problems).toEqual([]);
  return buildLineIndex(parsed.hunks);
}

const PATH = "src/users/user-repo.ts";

/**
 * New-file lines: hunk 0 is 10-20, hunk 1 is 40-45. The query line appears three times (12, 18, 42)
 * and a lone closing brace four times (14, 20, 44, 45); deleted lines sit after 10, 18 and 41.
 */
const REPO_PATCH = patchOf(
  "@@ -10,7 +10,11 @@ export class UserRepo {",
  "   async findByEmail(email: string) {",
  "-    return this.db.query(`SELECT * FROM users WHERE email = '${email}'`);",
  "+    const sql = `SELECT * FROM users WHERE email = '${email}'`;",
  "+    const rows = await this.db.query(sql);",
  "+    return rows[0];",
  "   }",
  " ",
  "   async findByName(name: string) {",
  "+    const sql = `SELECT * FROM users WHERE name = '${name}'`;",
  "+    const rows = await this.db.query(sql);",
  "-    return this.db.query('SELECT * FROM users WHERE name = $1', [name]);",
  "+    return rows;",
  "   }",
  "@@ -36,5 +40,6 @@ export class UserRepo {",
  "   async remove(id: string) {",
  "     await this.audit(id);",
  "-    return this.db.raw(sql);",
  "+    const rows = await this.db.query(sql);",
  "+    return rows.length > 0;",
  "   }",
  " }",
);

const CODE = {
  emailSql: "    const sql = `SELECT * FROM users WHERE email = '${email}'`;",
  query: "    const rows = await this.db.query(sql);",
  returnFirst: "    return rows[0];",
  returnLength: "    return rows.length > 0;",
  deletedRaw: "    return this.db.raw(sql);",
} as const;

const REPO = indexOf(REPO_PATCH);

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    path: PATH,
    line: 12,
    quote: CODE.query,
    severity: "high",
    category: "security",
    check_id: "sql-injection",
    title: "User input concatenated into SQL",
    explanation: "The email reaches the query string unescaped.",
    fix: "Use a parameterised query.",
    confidence: 0.9,
    ...overrides,
  };
}

function anchorIn(index: LineIndex, f: Finding, path = PATH): AnchorResult {
  return anchorFindings([f], new Map([[path, index]]));
}

/** What GitHub would receive for the only finding, or where it went instead. */
function placement(result: AnchorResult): { line: number; startLine: number | undefined; suggestion: string | undefined } | string {
  if (result.otherFiles.length > 0) return "other file";
  if (result.fileLevel.length > 0) return "file-level";
  const only = result.inline[0];
  if (!only || result.inline.length !== 1) throw new Error(`expected one inline finding, got ${result.inline.length}`);
  return { line: only.line, startLine: only.startLine, suggestion: only.suggestion };
}

const at = (line: number, extra: { startLine?: number; suggestion?: string } = {}) => ({
  line,
  startLine: extra.startLine,
  suggestion: extra.suggestion,
});

describe("anchorFindings: single lines", () => {
  it("sanity: the fixture's line map is what the cases below assume", () => {
    expect(REPO.lines()).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 40, 41, 42, 43, 44, 45]);
    expect(REPO.contentAt(11)).toBe(CODE.emailSql);
    expect(REPO.contentAt(43)).toBe(CODE.returnLength);
  });

  it.each([
    { why: "exact line and quote", line: 11, quote: CODE.emailSql, want: 11 },
    { why: "reported one line too low (+1)", line: 12, quote: CODE.emailSql, want: 11 },
    { why: "reported two lines too high (-2), before the hunk", line: 9, quote: CODE.emailSql, want: 11 },
    { why: "reported five lines too low (+5)", line: 16, quote: CODE.emailSql, want: 11 },
    { why: "duplicate quote: the nearest copy to the reported line", line: 13, quote: CODE.query, want: 12 },
    { why: "duplicate quote: the nearest copy further down", line: 16, quote: CODE.query, want: 18 },
    { why: "duplicate quote: the copy in the reported line's hunk", line: 41, quote: CODE.query, want: 42 },
    { why: "quote found in another hunk within the search radius", line: 20, quote: CODE.returnLength, want: 43 },
    { why: "quote beyond the radius, found once in the file: the quote corrects the line", line: 10, quote: CODE.returnLength, want: 43 },
    { why: "short quote on its exact line", line: 45, quote: "}", want: 45 },
    { why: "short quote not on the reported line is not searched for", line: 43, quote: "}", want: 43 },
    { why: "quote of a deleted line: stays on the reported commentable line", line: 42, quote: CODE.deletedRaw, want: 42 },
    { why: "quote matching nothing: stays on the reported commentable line", line: 13, quote: "    return rows[1];", want: 13 },
  ])("$why → line $want", ({ line, quote, want }) => {
    expect(placement(anchorIn(REPO, finding({ line, quote })))).toEqual(at(want));
  });

  it.each([
    { why: "reported line between hunks, quote matching nothing", line: 30, quote: "    this.cache.clear();" },
    { why: "reported line past the end, empty quote", line: 99, quote: "" },
    { why: "short quote with the reported line outside every hunk", line: 30, quote: "}" },
    { why: "reported old-side number of a deleted line (38), quoting it", line: 38, quote: CODE.deletedRaw },
  ])("$why → file-level summary entry", ({ line, quote }) => {
    const f = finding({ line, quote });
    const result = anchorIn(REPO, f);
    expect(result.inline).toEqual([]);
    expect(result.otherFiles).toEqual([]);
    expect(result.fileLevel).toEqual([{ finding: f, path: PATH, fingerprint: fingerprintOf(f, quote) }]);
  });

  it("lists a finding about a path the model was not shown apart, and places the others", () => {
    const stray = finding({ path: "src/users/user-service.ts" });
    const kept = finding();
    const result = anchorFindings([stray, kept], new Map([[PATH, REPO]]));
    expect(result.otherFiles.map((f) => f.finding)).toEqual([stray]);
    expect(result.fileLevel).toEqual([]);
    expect(result.inline.map((a) => [a.path, a.line])).toEqual([[PATH, 12]]);
  });

  it("returns empty lists for no findings", () => {
    expect(anchorFindings([], new Map([[PATH, REPO]]))).toEqual({ inline: [], fileLevel: [], otherFiles: [], repairedPaths: [] });
  });
});

describe("anchorFindings: duplicate quotes across hunk boundaries", () => {
  // Hunk 0 is lines 1-5, hunk 1 is 8-13; the lookup call sits on line 5 and line 12.
  const CLOSE = indexOf(
    patchOf(
      "@@ -1,3 +1,5 @@",
      " import { db } from './db';",
      "+import { cache } from './cache';",
      " ",
      " export async function load(id: string) {",
      "+  return cache.lookup(id) ?? db.find(id);",
      "@@ -6,4 +8,6 @@ export async function save(id: string) {",
      "   await db.save(id);",
      "   cache.clear();",
      "+  audit(id);",
      "   const x = 1;",
      "+  return cache.lookup(id) ?? db.find(id);",
      " }",
    ),
  );
  const quote = "  return cache.lookup(id) ?? db.find(id);";

  it("prefers the copy in the reported line's hunk over a nearer copy in another hunk", () => {
    expect([CLOSE.hunkOf(5), CLOSE.hunkOf(8), CLOSE.hunkOf(12)]).toEqual([0, 1, 1]);
    // Reported line 8 is 3 lines from the copy on 5 (hunk 0) and 4 from the one on 12 (its own hunk).
    expect(placement(anchorIn(CLOSE, finding({ line: 8, quote })))).toEqual(at(12));
  });

  it("takes the nearest copy when the reported line is in no hunk", () => {
    expect(placement(anchorIn(CLOSE, finding({ line: 7, quote })))).toEqual(at(5));
  });
});

describe("anchorFindings: ranges and suggestions", () => {
  const FIX = "    const rows = await this.db.query('SELECT * FROM users WHERE email = $1', [email]);";

  it.each([
    {
      why: "a range inside one hunk becomes startLine..line, with its suggestion",
      f: { line: 11, end_line: 12, quote: CODE.emailSql, replacement: FIX },
      want: at(12, { startLine: 11, suggestion: FIX }),
    },
    {
      why: "a range whose start is off by -1 moves with its start, suggestion kept",
      f: { line: 10, end_line: 11, quote: CODE.emailSql, replacement: FIX },
      want: at(12, { startLine: 11, suggestion: FIX }),
    },
    {
      why: "a range whose start is off by +5 moves with its start",
      f: { line: 16, end_line: 18, quote: CODE.emailSql },
      want: at(13, { startLine: 11 }),
    },
    {
      why: "a range crossing two hunks is reduced to its first line, without suggestion",
      f: { line: 18, end_line: 42, quote: CODE.query, replacement: FIX },
      want: at(18),
    },
    {
      why: "a range running past the hunk's end is reduced to its first line",
      f: { line: 19, end_line: 22, quote: "    return rows;", replacement: "    return rows ?? [];" },
      want: at(19),
    },
    {
      why: "a range that only fits after shifting out of its hunk is reduced",
      f: { line: 13, end_line: 15, quote: "    return rows;", replacement: "    return rows ?? [];" },
      want: at(19),
    },
    {
      why: "a reversed range (end before start) is a single line without suggestion",
      f: { line: 12, end_line: 11, quote: CODE.query, replacement: FIX },
      want: at(12),
    },
    {
      why: "end_line equal to line is a single line and keeps the suggestion",
      f: { line: 12, end_line: 12, quote: CODE.query, replacement: FIX },
      want: at(12, { suggestion: FIX }),
    },
    {
      why: "a single line moved by its quote keeps the suggestion",
      f: { line: 14, quote: CODE.returnFirst, replacement: "    return rows[0] ?? null;" },
      want: at(13, { suggestion: "    return rows[0] ?? null;" }),
    },
    {
      why: "a quote that matched nothing drops the suggestion",
      f: { line: 13, quote: "    return rows.at(0);", replacement: "    return rows[0] ?? null;" },
      want: at(13),
    },
    {
      why: "a deleted line's quote on a commentable reported line drops the suggestion",
      f: { line: 42, quote: CODE.deletedRaw, replacement: FIX },
      want: at(42),
    },
    {
      why: "a range anchored by its reported line only drops the suggestion",
      f: { line: 11, end_line: 12, quote: "    const sql = buildQuery(email);", replacement: FIX },
      want: at(12, { startLine: 11 }),
    },
    {
      why: "a short quote on its exact line is exact",
      f: { line: 45, quote: "}", replacement: "}\n" },
      want: at(45, { suggestion: "}\n" }),
    },
    {
      why: "a short quote away from the reported line drops the suggestion",
      f: { line: 43, quote: "}", replacement: "}\n" },
      want: at(43),
    },
  ])("$why", ({ f, want }) => {
    expect(placement(anchorIn(REPO, finding(f)))).toEqual(want);
  });
});

describe("anchorFindings: whitespace and encodings in quotes", () => {
  const REPLACEMENT = "    const rows = await this.db.query(sql, []);";

  it.each([
    { why: "tabs instead of spaces", quote: "\tconst rows = await this.db.query(sql);" },
    { why: "no indentation at all", quote: "const rows = await this.db.query(sql);" },
    { why: "trailing spaces", quote: `${CODE.query}   ` },
    { why: "doubled inner spaces", quote: "    const rows  =  await this.db.query(sql);" },
    { why: "a CRLF terminator", quote: `${CODE.query}\r\n` },
    { why: "a lone trailing CR", quote: `${CODE.query}\r` },
  ])("$why still matches exactly (moved from 13 to 12, suggestion kept)", ({ quote }) => {
    expect(placement(anchorIn(REPO, finding({ line: 13, quote, replacement: REPLACEMENT })))).toEqual(
      at(12, { suggestion: REPLACEMENT }),
    );
  });

  it("a quote missing a character is not a whitespace difference", () => {
    const f = finding({ line: 13, quote: "    const rows = await this.db.query(sq);", replacement: REPLACEMENT });
    expect(placement(anchorIn(REPO, f))).toEqual(at(13));
  });

  it("matches lines of a CRLF patch, whose contents carry no CR", () => {
    const crlf = indexOf(
      ["@@ -1,2 +1,3 @@", " function run(cmd) {", "+  exec(cmd);", " }", ""].join("\r\n"),
    );
    expect(crlf.contentAt(2)).toBe("  exec(cmd);");
    const result = anchorIn(crlf, finding({ line: 1, quote: "  exec(cmd);", replacement: "  execFile(cmd, []);" }));
    expect(placement(result)).toEqual(at(2, { suggestion: "  execFile(cmd, []);" }));
  });

  it.each([
    { name: "CR", brk: "\r" },
    { name: "U+2028", brk: "\u2028" },
    { name: "U+0085", brk: "\u0085" },
    { name: "form feed", brk: "\f" },
  ])("matches a line holding a stray $name by the quote the model saw (a space)", ({ brk }) => {
    const odd = indexOf(patchOf("@@ -1,1 +1,2 @@", " function run(cmd) {", `+  exec(cmd,${brk}opts);`));
    const result = anchorIn(odd, finding({ line: 1, quote: "  exec(cmd, opts);", replacement: "  execFile(cmd, opts);" }));
    expect(placement(result)).toEqual(at(2, { suggestion: "  execFile(cmd, opts);" }));
  });

  it("matches unicode content and keeps it in the fingerprint", () => {
    const uni = indexOf(
      patchOf(
        "@@ -1,2 +1,4 @@",
        " const greet = (name) => {",
        '+  const msg = "héllo wörld 👋 " + name;',
        '+  log("日本語のメッセージ", msg);',
        " };",
      ),
    );
    const quote = '  log("日本語のメッセージ", msg);';
    const result = anchorIn(uni, finding({ line: 2, quote, check_id: "log-injection" }));
    expect(placement(result)).toEqual(at(3));
    expect(result.inline[0]?.fingerprint).toBe(fingerprintOf({ check_id: "log-injection", path: PATH }, quote));
    expect(result.inline[0]?.fingerprint).not.toBe(
      fingerprintOf({ check_id: "log-injection", path: PATH }, '  log("日本語のメッセージ!", msg);'),
    );
  });
});

describe("anchorFindings: fingerprints", () => {
  // The same change after a push that added four lines above it: the query line moves from 12 to 16.
  const SHIFTED = indexOf(
    patchOf(
      "@@ -10,3 +14,5 @@ export class UserRepo {",
      "   async findByEmail(email: string) {",
      "-    return this.db.query(`SELECT * FROM users WHERE email = '${email}'`);",
      "+    const sql = `SELECT * FROM users WHERE email = '${email}'`;",
      "+    const rows = await this.db.query(sql);",
      "+    return rows[0];",
      "   }",
    ),
  );

  const fingerprint = (index: LineIndex, f: Finding, path = PATH): string => {
    const placed = anchorIn(index, f, path).inline[0];
    if (!placed) throw new Error("finding was not placed inline");
    return placed.fingerprint;
  };

  it("is stable across a line shift: same code on another line, reported differently", () => {
    const before = fingerprint(REPO, finding({ line: 12, quote: CODE.query }));
    const after = fingerprint(SHIFTED, finding({ line: 16, quote: CODE.query }));
    const drifted = fingerprint(SHIFTED, finding({ line: 18, quote: CODE.query }));
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(after).toBe(before);
    expect(drifted).toBe(before);
  });

  it("follows the code the comment sits on, not the model's quote of it", () => {
    // Two runs place the finding on line 42; one quoted the deleted line it replaced.
    const quotedRight = fingerprint(REPO, finding({ line: 42, quote: CODE.query }));
    const quotedDeleted = fingerprint(REPO, finding({ line: 42, quote: CODE.deletedRaw }));
    expect(quotedDeleted).toBe(quotedRight);
  });

  it("ignores wording, severity and confidence, which change from run to run", () => {
    const before = fingerprint(REPO, finding());
    const reworded = fingerprint(REPO, finding({ title: "SQL built from input", severity: "critical", confidence: 0.5 }));
    expect(reworded).toBe(before);
  });

  it("uses the code on the anchored line, not the quote's whitespace", () => {
    expect(fingerprint(REPO, finding({ quote: "\tconst rows = await this.db.query(sql);  " }))).toBe(fingerprint(REPO, finding()));
  });

  it.each([
    { why: "check id", other: () => fingerprint(REPO, finding({ check_id: "n-plus-one-query" })) },
    { why: "path", other: () => fingerprint(REPO, finding({ path: "src/users/other-repo.ts" }), "src/users/other-repo.ts") },
    { why: "code", other: () => fingerprint(REPO, finding({ line: 13, quote: CODE.returnFirst })) },
  ])("differs for a different $why", ({ other }) => {
    expect(other()).not.toBe(fingerprint(REPO, finding()));
  });

  it("keeps check id, path and code apart (no ambiguous concatenation)", () => {
    expect(fingerprintOf({ check_id: "ab", path: "c" }, "d")).not.toBe(fingerprintOf({ check_id: "a", path: "bc" }, "d"));
  });
});
