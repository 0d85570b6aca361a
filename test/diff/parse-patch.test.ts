import { describe, it, expect } from "vitest";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { DiffLineKind, Hunk, ParsedPatch } from "../../src/diff/types.js";

/** Patches are built from arrays so editors cannot strip the significant leading/trailing spaces. */
const patchOf = (...lines: string[]): string => lines.join("\n");

type Row = [kind: DiffLineKind, oldLine: number | null, newLine: number | null, content: string];
const rowsOf = (hunk: Hunk | undefined): Row[] =>
  (hunk?.lines ?? []).map((l) => [l.kind, l.oldLine, l.newLine, l.content]);

type Header = Omit<Hunk, "lines">;
const headersOf = (parsed: ParsedPatch): Header[] =>
  parsed.hunks.map(({ oldStart, oldLines, newStart, newLines, section }) => ({
    oldStart,
    oldLines,
    newStart,
    newLines,
    section,
  }));

const MODIFIED = patchOf(
  "@@ -10,8 +10,9 @@ export class UserRepo {",
  "   constructor(private readonly db: Db) {}",
  " ",
  "   async findByEmail(email: string) {",
  "-    const sql = `SELECT * FROM users WHERE email = '${email}'`;",
  "-    return this.db.query(sql);",
  '+    const sql = "SELECT * FROM users WHERE email = $1";',
  "+    const rows = await this.db.query(sql, [email]);",
  "+    return rows[0];",
  "   }",
  " ",
  "   async list() {",
  "@@ -38,5 +39,6 @@ export class UserRepo {",
  "   async remove(id: string) {",
  "     await this.audit(id);",
  "-    return this.db.raw(sql);",
  '+    const sql = "DELETE FROM users WHERE id = $1";',
  "+    return db.query(sql);",
  "   }",
  " ",
);

interface Case {
  name: string;
  patch: string;
  headers: Header[];
  rows: Row[][];
}

const hdr = (oldStart: number, oldLines: number, newStart: number, newLines: number, section = ""): Header => ({
  oldStart,
  oldLines,
  newStart,
  newLines,
  section,
});

const cases: Case[] = [
  {
    name: "multi-hunk modified file with function-context headers",
    patch: MODIFIED,
    headers: [hdr(10, 8, 10, 9, "export class UserRepo {"), hdr(38, 5, 39, 6, "export class UserRepo {")],
    rows: [
      [
        ["context", 10, 10, "  constructor(private readonly db: Db) {}"],
        ["context", 11, 11, ""],
        ["context", 12, 12, "  async findByEmail(email: string) {"],
        ["del", 13, null, "    const sql = `SELECT * FROM users WHERE email = '${email}'`;"],
        ["del", 14, null, "    return this.db.query(sql);"],
        ["add", null, 13, '    const sql = "SELECT * FROM users WHERE email = $1";'],
        ["add", null, 14, "    const rows = await this.db.query(sql, [email]);"],
        ["add", null, 15, "    return rows[0];"],
        ["context", 15, 16, "  }"],
        ["context", 16, 17, ""],
        ["context", 17, 18, "  async list() {"],
      ],
      [
        ["context", 38, 39, "  async remove(id: string) {"],
        ["context", 39, 40, "    await this.audit(id);"],
        ["del", 40, null, "    return this.db.raw(sql);"],
        ["add", null, 41, '    const sql = "DELETE FROM users WHERE id = $1";'],
        ["add", null, 42, "    return db.query(sql);"],
        ["context", 41, 43, "  }"],
        ["context", 42, 44, ""],
      ],
    ],
  },
  {
    name: "new file (-0,0), including an empty added line",
    patch: patchOf("@@ -0,0 +1,3 @@", '+import { db } from "./db.js";', "+", "+export const q = db.query;"),
    headers: [hdr(0, 0, 1, 3)],
    rows: [
      [
        ["add", null, 1, 'import { db } from "./db.js";'],
        ["add", null, 2, ""],
        ["add", null, 3, "export const q = db.query;"],
      ],
    ],
  },
  {
    name: "deleted file (+0,0)",
    patch: patchOf("@@ -1,3 +0,0 @@", "-package main", "-", "-func main() {}"),
    headers: [hdr(1, 3, 0, 0)],
    rows: [
      [
        ["del", 1, null, "package main"],
        ["del", 2, null, ""],
        ["del", 3, null, "func main() {}"],
      ],
    ],
  },
  {
    name: "rename with changes, with git file headers that must be skipped",
    patch: patchOf(
      "diff --git a/src/handlers/user.py b/src/api/user.py",
      "similarity index 91%",
      "rename from src/handlers/user.py",
      "rename to src/api/user.py",
      "index 3b18e51..a7f2c09 100644",
      "--- a/src/handlers/user.py",
      "+++ b/src/api/user.py",
      "@@ -5,3 +5,3 @@ def get_user(request):",
      "     uid = request.args['id']",
      "-    return db.execute(f'SELECT * FROM users WHERE id={uid}')",
      "+    return db.execute('SELECT * FROM users WHERE id=%s', (uid,))",
      "     # end",
    ),
    headers: [hdr(5, 3, 5, 3, "def get_user(request):")],
    rows: [
      [
        ["context", 5, 5, "    uid = request.args['id']"],
        ["del", 6, null, "    return db.execute(f'SELECT * FROM users WHERE id={uid}')"],
        ["add", null, 6, "    return db.execute('SELECT * FROM users WHERE id=%s', (uid,))"],
        ["context", 7, 7, "    # end"],
      ],
    ],
  },
  {
    name: "\\ No newline at end of file on the old side",
    patch: patchOf("@@ -1,2 +1,2 @@", " a", "-b", "\\ No newline at end of file", "+b"),
    headers: [hdr(1, 2, 1, 2)],
    rows: [
      [
        ["context", 1, 1, "a"],
        ["del", 2, null, "b"],
        ["add", null, 2, "b"],
      ],
    ],
  },
  {
    name: "\\ No newline at end of file on the new side",
    patch: patchOf("@@ -1,2 +1,3 @@", " a", "-b", "+b", "+c", "\\ No newline at end of file"),
    headers: [hdr(1, 2, 1, 3)],
    rows: [
      [
        ["context", 1, 1, "a"],
        ["del", 2, null, "b"],
        ["add", null, 2, "b"],
        ["add", null, 3, "c"],
      ],
    ],
  },
  {
    name: "\\ No newline at end of file on both sides, followed by another hunk",
    patch: patchOf(
      "@@ -1,2 +1,2 @@",
      " a",
      "-b",
      "\\ No newline at end of file",
      "+c",
      "\\ No newline at end of file",
      "@@ -9 +9 @@",
      "-x",
      "+y",
    ),
    headers: [hdr(1, 2, 1, 2), hdr(9, 1, 9, 1)],
    rows: [
      [
        ["context", 1, 1, "a"],
        ["del", 2, null, "b"],
        ["add", null, 2, "c"],
      ],
      [
        ["del", 9, null, "x"],
        ["add", null, 9, "y"],
      ],
    ],
  },
  {
    name: "CRLF file in an LF patch: content loses its trailing \\r",
    patch: patchOf("@@ -3,2 +3,2 @@ Sub Main()", "   Dim x\r", "-  x = 1\r", "+  x = 2\r"),
    headers: [hdr(3, 2, 3, 2, "Sub Main()")],
    rows: [
      [
        ["context", 3, 3, "  Dim x"],
        ["del", 4, null, "  x = 1"],
        ["add", null, 4, "  x = 2"],
      ],
    ],
  },
  {
    name: "LF file in a CRLF patch",
    patch: "@@ -3,2 +3,2 @@ func main() {\r\n \tx := 1\r\n-\ty := 2\r\n+\ty := 3\r\n",
    headers: [hdr(3, 2, 3, 2, "func main() {")],
    rows: [
      [
        ["context", 3, 3, "\tx := 1"],
        ["del", 4, null, "\ty := 2"],
        ["add", null, 4, "\ty := 3"],
      ],
    ],
  },
  {
    name: "CRLF file in a CRLF patch: both \\r are removed",
    patch: "@@ -1,2 +1,2 @@\r\n a\r\r\n-b\r\r\n+c\r\r\n",
    headers: [hdr(1, 2, 1, 2)],
    rows: [
      [
        ["context", 1, 1, "a"],
        ["del", 2, null, "b"],
        ["add", null, 2, "c"],
      ],
    ],
  },
  {
    name: "unicode content (emoji, ZWJ, CJK, combining marks, U+2028, NEL) does not move line numbers",
    patch: patchOf(
      "@@ -20,4 +20,5 @@ def 挨拶():",
      "     msg = '👩‍👩‍👧 family'",
      "-    name = 'cafe\u0301'",
      "+    name = 'café'",
      "+    greeting = '你好世界'",
      "     sep = 'a\u2028b\u0085c'",
      "     return msg",
    ),
    headers: [hdr(20, 4, 20, 5, "def 挨拶():")],
    rows: [
      [
        ["context", 20, 20, "    msg = '👩‍👩‍👧 family'"],
        ["del", 21, null, "    name = 'cafe\u0301'"],
        ["add", null, 21, "    name = 'café'"],
        ["add", null, 22, "    greeting = '你好世界'"],
        ["context", 22, 23, "    sep = 'a\u2028b\u0085c'"],
        ["context", 23, 24, "    return msg"],
      ],
    ],
  },
  {
    name: "hunk starting at line 1 with an added first line",
    patch: patchOf("@@ -1,2 +1,3 @@", '+"use strict";', " const a = 1;", " const b = 2;"),
    headers: [hdr(1, 2, 1, 3)],
    rows: [
      [
        ["add", null, 1, '"use strict";'],
        ["context", 1, 2, "const a = 1;"],
        ["context", 2, 3, "const b = 2;"],
      ],
    ],
  },
  {
    name: "header without counts means one line on each side",
    patch: patchOf("@@ -7 +7 @@ main()", "-  old()", "+  new()"),
    headers: [hdr(7, 1, 7, 1, "main()")],
    rows: [
      [
        ["del", 7, null, "  old()"],
        ["add", null, 7, "  new()"],
      ],
    ],
  },
  {
    name: "header with one count omitted",
    patch: patchOf("@@ -5 +5,2 @@", " keep", "+added"),
    headers: [hdr(5, 1, 5, 2)],
    rows: [
      [
        ["context", 5, 5, "keep"],
        ["add", null, 6, "added"],
      ],
    ],
  },
  {
    name: "context line that is a completely empty string",
    patch: patchOf("@@ -1,4 +1,4 @@", " a", "", "-b", "+c", " d"),
    headers: [hdr(1, 4, 1, 4)],
    rows: [
      [
        ["context", 1, 1, "a"],
        ["context", 2, 2, ""],
        ["del", 3, null, "b"],
        ["add", null, 3, "c"],
        ["context", 4, 4, "d"],
      ],
    ],
  },
  {
    name: "trailing newline after a complete hunk is not a line",
    patch: "@@ -1 +1 @@\n-a\n+b\n",
    headers: [hdr(1, 1, 1, 1)],
    rows: [
      [
        ["del", 1, null, "a"],
        ["add", null, 1, "b"],
      ],
    ],
  },
  {
    name: "content that looks like a header inside a hunk stays content",
    patch: patchOf("@@ -1,2 +1,2 @@", "--- a/x", "+++ b/x", " diff --git"),
    headers: [hdr(1, 2, 1, 2)],
    rows: [
      [
        ["del", 1, null, "-- a/x"],
        ["add", null, 1, "++ b/x"],
        ["context", 2, 2, "diff --git"],
      ],
    ],
  },
];

describe("parsePatch: well-formed patches", () => {
  it.each(cases)("$name", ({ patch, headers, rows }) => {
    const parsed = parsePatch(patch);
    expect(parsed.problems).toEqual([]);
    expect(headersOf(parsed)).toEqual(headers);
    expect(parsed.hunks.map(rowsOf)).toEqual(rows);
  });

  it("places the added `return db.query(sql);` at new line 42 in hunk 1", () => {
    const { hunks } = parsePatch(MODIFIED);
    const line = hunks[1]?.lines.find((l) => l.content === "    return db.query(sql);");
    expect(line).toEqual({ kind: "add", content: "    return db.query(sql);", oldLine: null, newLine: 42 });
  });

  it("returns nothing for an empty string", () => {
    expect(parsePatch("")).toEqual({ hunks: [], problems: [] });
  });
});

interface BadCase {
  name: string;
  patch: string;
  problemLines: number[];
  headers: Header[];
  rows: Row[][];
}

const badCases: BadCase[] = [
  {
    name: "garbage text only",
    patch: patchOf("hello world", "this is not a diff"),
    problemLines: [1, 2],
    headers: [],
    rows: [],
  },
  {
    name: "garbage before the first hunk",
    patch: patchOf("Some garbage", "@@ -1 +1 @@", "-a", "+b"),
    problemLines: [1],
    headers: [hdr(1, 1, 1, 1)],
    rows: [
      [
        ["del", 1, null, "a"],
        ["add", null, 1, "b"],
      ],
    ],
  },
  {
    name: "header announcing more lines than follow (reported at the header)",
    patch: patchOf("@@ -1,5 +1,5 @@", " a", "-b", "+c", "@@ -20 +20 @@", "-y", "+z"),
    problemLines: [1],
    headers: [hdr(1, 5, 1, 5), hdr(20, 1, 20, 1)],
    rows: [
      [
        ["context", 1, 1, "a"],
        ["del", 2, null, "b"],
        ["add", null, 2, "c"],
      ],
      [
        ["del", 20, null, "y"],
        ["add", null, 20, "z"],
      ],
    ],
  },
  {
    name: "extra lines beyond the header's counts are dropped, marker lines still counted",
    patch: patchOf("@@ -1 +1 @@", "-a", "\\ No newline at end of file", "+b", "+c", " d"),
    problemLines: [5, 6],
    headers: [hdr(1, 1, 1, 1)],
    rows: [
      [
        ["del", 1, null, "a"],
        ["add", null, 1, "b"],
      ],
    ],
  },
  {
    name: "an added line when only old-side lines remain",
    patch: patchOf("@@ -1,2 +1 @@", "+x", "-a", "+y", "-b"),
    problemLines: [4],
    headers: [hdr(1, 2, 1, 1)],
    rows: [
      [
        ["add", null, 1, "x"],
        ["del", 1, null, "a"],
        ["del", 2, null, "b"],
      ],
    ],
  },
  {
    name: "unexpected prefix inside a hunk",
    patch: patchOf("@@ -1,2 +1,2 @@", " a", "?? weird", " b"),
    problemLines: [3],
    headers: [hdr(1, 2, 1, 2)],
    rows: [
      [
        ["context", 1, 1, "a"],
        ["context", 2, 2, "b"],
      ],
    ],
  },
  {
    name: "unreadable header: its body is skipped, the next hunk still parses",
    patch: patchOf("@@ -x,1 +1 @@", "+a", "+b", "@@ -3 +3 @@", "-c", "+d"),
    problemLines: [1],
    headers: [hdr(3, 1, 3, 1)],
    rows: [
      [
        ["del", 3, null, "c"],
        ["add", null, 3, "d"],
      ],
    ],
  },
];

describe("parsePatch: malformed input", () => {
  it.each(badCases)("$name", ({ patch, problemLines, headers, rows }) => {
    const parsed = parsePatch(patch);
    expect(parsed.problems.map((p) => p.patchLine)).toEqual(problemLines);
    for (const p of parsed.problems) expect(p.message).toMatch(/\w/);
    expect(headersOf(parsed)).toEqual(headers);
    expect(parsed.hunks.map(rowsOf)).toEqual(rows);
  });

  it("says how many lines a short hunk is missing", () => {
    const { problems } = parsePatch(patchOf("@@ -1,5 +1,4 @@", " a", "-b"));
    expect(problems).toEqual([
      { patchLine: 1, message: "hunk is shorter than its header says: missing 3 old-side and 3 new-side lines" },
    ]);
  });

  it.each([
    "@@",
    "@@ -1 +1",
    "@@ -1 +1 @",
    "\\",
    "\n\n\n",
    "+++",
    "@@ -99999999999999999999 +1 @@\n+a",
    "\r",
    "@@ -0,0 +1,2 @@\n+",
  ])("never throws on %j", (patch) => {
    expect(() => parsePatch(patch)).not.toThrow();
    const parsed = parsePatch(patch);
    expect(Array.isArray(parsed.hunks) && Array.isArray(parsed.problems)).toBe(true);
  });

  it("reports a header missing its closing @@", () => {
    const parsed = parsePatch(patchOf("@@ -1 +1", "+a"));
    expect(parsed.hunks).toEqual([]);
    expect(parsed.problems).toEqual([{ patchLine: 1, message: "unreadable hunk header" }]);
  });
});

describe("parsePatch: scale", () => {
  it("parses a 200,000-line patch in one quick pass", () => {
    const parts: string[] = [];
    const hunkCount = 20_000;
    for (let h = 0; h < hunkCount; h++) {
      const start = h * 10 + 1;
      parts.push(`@@ -${start},9 +${start},9 @@ fn f${h}()`, " a", " b", " c", "-d", "+D", " e", " f", " g", " h", " i");
    }
    const patch = parts.join("\n");
    const t0 = performance.now();
    const parsed = parsePatch(patch);
    const elapsed = performance.now() - t0;
    expect(parsed.problems).toEqual([]);
    expect(parsed.hunks).toHaveLength(hunkCount);
    const last = parsed.hunks[hunkCount - 1]?.lines.at(-1);
    expect(last).toEqual({ kind: "context", content: "i", oldLine: 199_999, newLine: 199_999 });
    expect(elapsed).toBeLessThan(2_000);
  });
});
