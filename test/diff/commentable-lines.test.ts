import { describe, it, expect } from "vitest";
import { buildLineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { DiffLine, Hunk } from "../../src/diff/types.js";

const patchOf = (...lines: string[]): string => lines.join("\n");

const MODIFIED = patchOf(
  "@@ -10,5 +10,6 @@ export class UserRepo {",
  "   async findByEmail(email: string) {",
  "-    return this.db.query(`SELECT * FROM users WHERE email = '${email}'`);",
  '+    const sql = "SELECT * FROM users WHERE email = $1";',
  "+    return this.db.query(sql, [email]);",
  "   }",
  " ",
  "   async list() {",
  "@@ -38,5 +39,5 @@ export class UserRepo {",
  "   async remove(id: string) {",
  "     await this.audit(id);",
  "-    return this.db.raw(sql);",
  "+    return db.query(sql);",
  "   }",
  " ",
);

const index = buildLineIndex(parsePatch(MODIFIED).hunks);

describe("buildLineIndex on a multi-hunk modified file", () => {
  it.each([
    { newLine: 10, hunk: 0, kind: "context", content: "  async findByEmail(email: string) {" },
    { newLine: 11, hunk: 0, kind: "add", content: '    const sql = "SELECT * FROM users WHERE email = $1";' },
    { newLine: 12, hunk: 0, kind: "add", content: "    return this.db.query(sql, [email]);" },
    { newLine: 13, hunk: 0, kind: "context", content: "  }" },
    { newLine: 14, hunk: 0, kind: "context", content: "" },
    { newLine: 15, hunk: 0, kind: "context", content: "  async list() {" },
    { newLine: 39, hunk: 1, kind: "context", content: "  async remove(id: string) {" },
    { newLine: 40, hunk: 1, kind: "context", content: "    await this.audit(id);" },
    { newLine: 41, hunk: 1, kind: "add", content: "    return db.query(sql);" },
    { newLine: 42, hunk: 1, kind: "context", content: "  }" },
    { newLine: 43, hunk: 1, kind: "context", content: "" },
  ])("new line $newLine is a commentable $kind line in hunk $hunk", ({ newLine, hunk, kind, content }) => {
    expect(index.isCommentable(newLine)).toBe(true);
    expect(index.hunkOf(newLine)).toBe(hunk);
    expect(index.kindAt(newLine)).toBe(kind);
    expect(index.contentAt(newLine)).toBe(content);
  });

  it.each([
    { newLine: 9, why: "just before the first hunk" },
    { newLine: 16, why: "just after the first hunk" },
    { newLine: 25, why: "between hunks" },
    { newLine: 38, why: "just before the second hunk" },
    { newLine: 44, why: "past the last hunk" },
    { newLine: 0, why: "zero" },
    { newLine: -1, why: "negative" },
    { newLine: 11.5, why: "not an integer" },
    { newLine: Number.NaN, why: "NaN" },
  ])("new line $newLine ($why) is not commentable", ({ newLine }) => {
    expect(index.isCommentable(newLine)).toBe(false);
    expect(index.hunkOf(newLine)).toBeUndefined();
    expect(index.kindAt(newLine)).toBeUndefined();
    expect(index.contentAt(newLine)).toBeUndefined();
  });

  it("lists every commentable new line in ascending order, never a deleted line's number", () => {
    expect(index.lines()).toEqual([10, 11, 12, 13, 14, 15, 39, 40, 41, 42, 43]);
  });

  it.each([
    { a: 11, b: 13, same: true, why: "add and context in hunk 0" },
    { a: 15, b: 10, same: true, why: "order does not matter" },
    { a: 41, b: 41, same: true, why: "a single line" },
    { a: 15, b: 39, same: false, why: "different hunks" },
    { a: 12, b: 25, same: false, why: "one side not commentable" },
    { a: 25, b: 26, same: false, why: "neither side commentable" },
    { a: 25, b: 25, same: false, why: "the same non-commentable line" },
  ])("sameHunk($a, $b) is $same: $why", ({ a, b, same }) => {
    expect(index.sameHunk(a, b)).toBe(same);
  });

  it("returns a fresh array from lines() so callers cannot corrupt the index", () => {
    const first = index.lines();
    first.push(999);
    first[0] = -5;
    expect(index.lines()).toEqual([10, 11, 12, 13, 14, 15, 39, 40, 41, 42, 43]);
  });
});

describe("buildLineIndex on whole-file patches", () => {
  it("makes every line of a new file commentable as an added line", () => {
    const idx = buildLineIndex(parsePatch(patchOf("@@ -0,0 +1,3 @@", "+a", "+", "+c")).hunks);
    expect(idx.lines()).toEqual([1, 2, 3]);
    expect([1, 2, 3].map((n) => idx.kindAt(n))).toEqual(["add", "add", "add"]);
    expect(idx.contentAt(2)).toBe("");
    expect(idx.sameHunk(1, 3)).toBe(true);
  });

  it("has no commentable line for a deleted file", () => {
    const idx = buildLineIndex(parsePatch(patchOf("@@ -1,3 +0,0 @@", "-a", "-b", "-c")).hunks);
    expect(idx.lines()).toEqual([]);
    expect(idx.isCommentable(1)).toBe(false);
    expect(idx.hunkOf(0)).toBeUndefined();
  });

  it("is empty for no hunks", () => {
    const idx = buildLineIndex([]);
    expect(idx.lines()).toEqual([]);
    expect(idx.sameHunk(1, 1)).toBe(false);
  });
});

describe("buildLineIndex on hand-built hunks", () => {
  const line = (kind: DiffLine["kind"], oldLine: number | null, newLine: number | null, content: string): DiffLine => ({
    kind,
    content,
    oldLine,
    newLine,
  });
  const hunk = (newStart: number, lines: DiffLine[]): Hunk => ({
    oldStart: newStart,
    oldLines: lines.length,
    newStart,
    newLines: lines.length,
    section: "",
    lines,
  });

  it("sorts lines() even when hunks arrive out of order, keeping their own indexes", () => {
    const idx = buildLineIndex([hunk(50, [line("add", null, 50, "late")]), hunk(3, [line("context", 3, 3, "early")])]);
    expect(idx.lines()).toEqual([3, 50]);
    expect(idx.hunkOf(50)).toBe(0);
    expect(idx.hunkOf(3)).toBe(1);
  });

  it("lets the first hunk win when malformed hunks overlap", () => {
    const idx = buildLineIndex([hunk(5, [line("add", null, 5, "first")]), hunk(5, [line("context", 5, 5, "second")])]);
    expect(idx.contentAt(5)).toBe("first");
    expect(idx.kindAt(5)).toBe("add");
    expect(idx.hunkOf(5)).toBe(0);
    expect(idx.lines()).toEqual([5]);
  });

  it("ignores deleted lines even if they carry a new-line number", () => {
    const idx = buildLineIndex([hunk(7, [line("del", 7, 7, "gone")])]);
    expect(idx.isCommentable(7)).toBe(false);
  });
});
