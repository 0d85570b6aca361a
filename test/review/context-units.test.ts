import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { buildChunks } from "../../src/review/build-chunks.js";
import { buildFileContext } from "../../src/review/context/build-file-context.js";
import { enclosingUnit, findCodeUnits } from "../../src/review/context/find-code-units.js";
import { renderFileDiff } from "../../src/review/render-diff.js";
import { toReviewable } from "../../src/review/to-reviewable.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;
const range = (text: string, language: string, line: number) => {
  const unit = enclosingUnit(findCodeUnits(text, language), line);
  return unit && [unit.start, unit.end];
};

describe("findCodeUnits: where a line's function begins and ends", () => {
  const ts = lines(
    'const PATTERN = /[{]/; // a brace in a regex', // 1
    "export async function handler(", // 2
    "  req: Request,", // 3
    "): Promise<void> {", // 4
    "  const text = `{${req.url}`;", // 5
    '  if (text === "}") {', // 6
    "    return;", // 7
    "  }", // 8
    "  const user = {", // 9
    "    name: 1,", // 10
    "  };", // 11
    "}", // 12
  );

  it.each([
    ["a line of a wrapped signature's body, past braces in strings, templates and regexes", 7, [2, 12]],
    ["a line inside an object literal (not a function of its own)", 10, [2, 12]],
    ["a top-level line", 1, undefined],
  ])("TypeScript: %s", (_name, line, expected) => {
    expect(range(ts, "TypeScript", line)).toEqual(expected);
  });

  it("JavaScript: a regex after `return` is not a brace, a division is not a regex", () => {
    const js = lines("function isOpen(s) {", "  return /\\{/.test(s);", "}", "const half = total / 2 / count;", "function next() {", "  return 1;", "}");
    expect(range(js, "JavaScript", 2)).toEqual([1, 3]);
    expect(range(js, "JavaScript", 6)).toEqual([5, 7]);
  });

  it("Python: a decorated method, with a docstring line at column 0 inside it", () => {
    const py = lines("class A:", "    @property", "    def b(self):", '        """Doc.', "", 'Text at column 0.', '        """', "        return 1", "", "x = 1");
    expect(range(py, "Python", 8)).toEqual([2, 8]);
    expect(range(py, "Python", 10)).toBeUndefined();
  });

  it("Go: a closure passed to a call is its own function; a struct is a class", () => {
    const go = lines("type S struct {", "\tn int", "}", "func (s *S) R() {", '\thttp.HandleFunc("/", func(w W, r *R) {', '\t\tfmt.Fprint(w, `{"ok":true}`)', "\t})", "}");
    expect(range(go, "Go", 6)).toEqual([5, 7]);
    expect(range(go, "Go", 2)).toEqual([1, 3]);
  });

  it("Ruby: def … end, and a do-block", () => {
    const rb = lines("class C", "  def show", "    items.each do |i|", '      puts "#{i}"', "    end", "  end", "end");
    expect(range(rb, "Ruby", 4)).toEqual([3, 5]);
    expect(range(rb, "Ruby", 2)).toEqual([2, 6]);
  });

  it("knows nothing of a language it has no rule for", () => {
    expect(findCodeUnits("SELECT 1;\n", "SQL")).toEqual([]);
  });
});

/** A 30-line function (lines 2-31); the patch changes line 20 only. */
const BIG = lines("// header", "function big(input) {", ...Array.from({ length: 28 }, (_, i) => `  step${i + 3}(input);`), "}", "");
const BIG_PATCH = ["@@ -17,7 +17,7 @@ function big(input) {", "   step17(input);", "   step18(input);", "   step19(input);", "-  old(input);", "+  step20(input);", "   step21(input);", "   step22(input);", "   step23(input);"].join("\n");

describe("buildFileContext: the lines around the hunks", () => {
  const hunks = parsePatch(BIG_PATCH).hunks;

  it("shows the enclosing function without the lines the hunk already shows", () => {
    const sections = buildFileContext(hunks, BIG, "JavaScript", "function");
    expect(sections.map((s) => [s.start, s.start + s.lines.length - 1])).toEqual([
      [2, 16],
      [24, 31],
    ]);
    expect(sections[0]?.lines[0]).toBe("function big(input) {");
  });

  it("hunk mode and a head text that does not match the hunks show nothing", () => {
    expect(buildFileContext(hunks, BIG, "JavaScript", "hunk")).toEqual([]);
    expect(buildFileContext(hunks, BIG.replace("step20", "other"), "JavaScript", "function")).toEqual([]);
  });

  it("file mode shows the whole file, the top-level lines included", () => {
    const sections = buildFileContext(hunks, BIG, "JavaScript", "file");
    expect(sections[0]?.start).toBe(1);
    expect(sections.at(-1)?.start).toBe(24);
  });

  it("cuts a function over the budget around the hunks, keeping its first lines and its last", () => {
    const huge = lines("function huge() {", ...Array.from({ length: 400 }, (_, i) => `  s${i + 2}();`), "}");
    const patch = ["@@ -200,3 +200,3 @@", "   s200();", "-  x();", "+  s201();", "   s202();"].join("\n");
    const sections = buildFileContext(parsePatch(patch).hunks, huge, "JavaScript", "function");
    const shown = sections.flatMap((s) => s.lines.map((_, i) => s.start + i));
    expect(shown.length).toBeLessThanOrEqual(150);
    expect(shown.slice(0, 3)).toEqual([1, 2, 3]);
    expect(shown.at(-1)).toBe(402);
    expect(shown).toContain(199);
    expect(shown).toContain(203);
    expect(shown).not.toContain(100);
  });

  it("merges the hunks of one function into one context", () => {
    const patch = ["@@ -5,1 +5,1 @@", "-  old5(input);", "+  step5(input);", "@@ -27,1 +27,1 @@", "-  old27(input);", "+  step27(input);"].join("\n");
    const sections = buildFileContext(parsePatch(patch).hunks, BIG, "JavaScript", "function");
    expect(sections.map((s) => [s.start, s.start + s.lines.length - 1])).toEqual([
      [2, 4],
      [6, 26],
      [28, 31],
    ]);
  });
});

describe("rendering and budgeting context", () => {
  const file = { filename: "src/big.js", status: "modified" as const, additions: 1, deletions: 1, changes: 2, patch: BIG_PATCH };
  const reviewable = toReviewable(file, "JavaScript", { text: BIG, mode: "function" });

  it("places context sections between the hunks in line order, marked `:` and never commentable", () => {
    const text = renderFileDiff({ path: "src/big.js", status: "modified", language: "JavaScript" }, reviewable.hunks, 2, reviewable.context);
    const rows = text.split("\n");
    expect(rows[1]).toBe("@@ context lines 2-16 (unchanged code around the diff, not part of it)");
    expect(rows[2]).toBe(" 2 : function big(input) {");
    expect(rows.indexOf('@@ new lines 17-23 "function big(input) {"')).toBe(17);
    expect(rows).toContain("@@ context lines 24-31 (unchanged code around the diff, not part of it)");
    expect(reviewable.lineIndex.isCommentable(2)).toBe(false);
    expect(reviewable.lineIndex.isCommentable(20)).toBe(true);
  });

  it("sends the hunks alone when the file with its context would not fit the review's budget, and counts what context cost", () => {
    const limits = { chunkTokens: 24_000, systemTokens: 100, reviewTokens: 100_000 };
    const roomy = buildChunks([reviewable], limits);
    const withContext = roomy.chunks[0]?.parts[0];
    expect(withContext?.text).toContain("@@ context lines");
    expect(withContext?.contextTokens).toBeGreaterThan(0);
    const tight = buildChunks([reviewable], { ...limits, reviewTokens: (withContext?.tokens ?? 0) + 100 - 1 });
    expect(tight.overBudget).toEqual([]);
    expect(tight.chunks[0]?.parts[0]?.text).not.toContain("@@ context lines");
    expect(tight.chunks[0]?.parts[0]?.contextTokens).toBe(0);
  });

  it("never leaves a file out for context: context goes to the first files while the budget the diffs leave lasts", () => {
    const files = ["a", "b", "c"].map((name) => toReviewable({ ...file, filename: `src/${name}.js` }, "JavaScript", { text: BIG, mode: "function" }));
    const limits = { chunkTokens: 24_000, systemTokens: 100 };
    const plain = buildChunks(files.map((f) => ({ ...f, context: undefined })), { ...limits, reviewTokens: 100_000 });
    const hunksOnly = plain.chunks[0]!.tokens + 100;
    const oneContext = buildChunks(files, { ...limits, reviewTokens: 100_000 }).chunks[0]!.parts[0]!.contextTokens;

    const plan = buildChunks(files, { ...limits, reviewTokens: hunksOnly + Math.floor(oneContext * 1.5) });

    expect(plan.overBudget).toEqual([]);
    expect(plan.chunks.flatMap((c) => c.parts.map((p) => [p.file.path, p.contextTokens > 0]))).toEqual([
      ["src/a.js", true],
      ["src/b.js", false],
      ["src/c.js", false],
    ]);
  });
});
