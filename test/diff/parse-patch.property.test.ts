import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { buildLineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { DiffLineKind } from "../../src/diff/types.js";

const RUNS = { numRuns: 300 };
const PREFIX: Record<DiffLineKind, string> = { add: "+", del: "-", context: " " };

/** Text that looks like diff syntax or breaks naive line handling, mixed into arbitrary Unicode. */
const TRICKY = ["", "\r", "\r\r", "@@ -1 +1 @@", "@@", "+++ b/x.ts", "--- a/x.ts", "\\ No newline at end of file", "diff --git a/x b/x", "\u2028", "\u0085", "\uFEFF", "\t"];
const tricky = fc.constantFrom(...TRICKY);
const text = fc
  .array(fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), tricky), { maxLength: 4 })
  .map((parts) => parts.join("").replace(/\n/g, ""));

const genLine = fc.record({
  kind: fc.constantFrom<DiffLineKind>("add", "del", "context"),
  content: text,
  // Some diff producers write an empty context line as "" rather than " ".
  bare: fc.boolean(),
  noNewlineMarker: fc.nat({ max: 4 }).map((n) => n === 0),
});

const genHunk = fc.record({
  gap: fc.nat({ max: 50 }),
  // A trailing `\r` on the header marks a CRLF patch, so the section never ends with one.
  section: text.map((s) => s.replace(/\r+$/, "")),
  lines: fc.array(genLine, { minLength: 1, maxLength: 12 }),
  omitSingleCounts: fc.boolean(),
});

const genPatch = fc.record({
  start: fc.integer({ min: 1, max: 10_000 }),
  hunks: fc.array(genHunk, { minLength: 1, maxLength: 4 }),
  crlf: fc.boolean(),
});

type GenPatch = typeof genPatch extends fc.Arbitrary<infer T> ? T : never;

interface Expected {
  header: { oldStart: number; oldLines: number; newStart: number; newLines: number; section: string };
  lines: { kind: DiffLineKind; content: string }[];
}

/** Renders the patch GitHub would send and what parsing it must give back. */
function render(gen: GenPatch): { patch: string; expected: Expected[] } {
  const rows: string[] = [];
  const expected: Expected[] = [];
  let nextOld = gen.start;
  let nextNew = gen.start;
  for (const hunk of gen.hunks) {
    const oldStart = nextOld + hunk.gap;
    const newStart = nextNew + hunk.gap;
    const oldLines = hunk.lines.filter((l) => l.kind !== "add").length;
    const newLines = hunk.lines.filter((l) => l.kind !== "del").length;
    const count = (n: number) => (n === 1 && hunk.omitSingleCounts ? "" : `,${n}`);
    const section = hunk.section.length > 0 ? ` ${hunk.section}` : "";
    rows.push(`@@ -${oldStart}${count(oldLines)} +${newStart}${count(newLines)} @@${section}`);
    for (const line of hunk.lines) {
      rows.push(line.bare && line.kind === "context" && line.content === "" ? "" : PREFIX[line.kind] + line.content);
      if (line.noNewlineMarker) rows.push("\\ No newline at end of file");
    }
    // The parser drops one trailing `\r` from a line's text: it is the CRLF file's terminator.
    const lines = hunk.lines.map((l) => ({ kind: l.kind, content: l.content.replace(/\r$/, "") }));
    expected.push({ header: { oldStart, oldLines, newStart, newLines, section: hunk.section.trim() }, lines });
    nextOld = oldStart + oldLines;
    nextNew = newStart + newLines;
  }
  return { patch: rows.map((r) => (gen.crlf ? `${r}\r` : r)).join("\n"), expected };
}

describe("parsePatch properties", () => {
  it("reads back every rendered hunk: headers, kinds, contents, no problems", () => {
    fc.assert(
      fc.property(genPatch, (gen) => {
        const { patch, expected } = render(gen);
        const parsed = parsePatch(patch);
        expect(parsed.problems).toEqual([]);
        expect(parsed.hunks.map(({ lines: _, ...header }) => header)).toEqual(expected.map((e) => e.header));
        expect(parsed.hunks.map((h) => h.lines.map((l) => ({ kind: l.kind, content: l.content })))).toEqual(expected.map((e) => e.lines));
      }),
      RUNS,
    );
  });

  it("numbers each side consecutively from the header's start", () => {
    fc.assert(
      fc.property(genPatch, (gen) => {
        for (const hunk of parsePatch(render(gen).patch).hunks) {
          const olds = hunk.lines.filter((l) => l.kind !== "add").map((l) => l.oldLine);
          const news = hunk.lines.filter((l) => l.kind !== "del").map((l) => l.newLine);
          expect(olds).toEqual(Array.from({ length: hunk.oldLines }, (_, i) => hunk.oldStart + i));
          expect(news).toEqual(Array.from({ length: hunk.newLines }, (_, i) => hunk.newStart + i));
          expect(hunk.lines.every((l) => (l.kind === "add") === (l.oldLine === null) && (l.kind === "del") === (l.newLine === null))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("makes exactly the added and context lines commentable, each in its own hunk", () => {
    fc.assert(
      fc.property(genPatch, (gen) => {
        const { hunks } = parsePatch(render(gen).patch);
        const index = buildLineIndex(hunks);
        const visible = hunks.flatMap((h, i) => h.lines.filter((l) => l.kind !== "del").map((l) => ({ line: l.newLine ?? -1, hunk: i })));
        expect(index.lines()).toEqual(visible.map((v) => v.line).sort((a, b) => a - b));
        for (const v of visible) expect(index.hunkOf(v.line)).toBe(v.hunk);
      }),
      RUNS,
    );
  });

  const garbageLine = fc.oneof(text, tricky, fc.constantFrom("@@ -a +b @@", "@@ -1,2 +1,2 @@", "@@ -0,0 +1,3 @@ fn", "+x", "-y", " z", "@@ -99999999999999999999 +1 @@"));
  const garbage = fc.oneof(
    fc.string({ unit: "binary" }),
    fc.tuple(fc.array(garbageLine, { maxLength: 20 }), fc.constantFrom("\n", "\r\n")).map(([rows, eol]) => rows.join(eol)),
  );

  it("never throws on garbage, reports problems on real patch lines, never overfills a hunk", () => {
    fc.assert(
      fc.property(garbage, (patch) => {
        const parsed = parsePatch(patch);
        const rows = patch.split("\n").length;
        for (const p of parsed.problems) expect(p.patchLine >= 1 && p.patchLine <= rows).toBe(true);
        for (const h of parsed.hunks) {
          expect(h.lines.filter((l) => l.kind !== "add").length).toBeLessThanOrEqual(h.oldLines);
          expect(h.lines.filter((l) => l.kind !== "del").length).toBeLessThanOrEqual(h.newLines);
        }
      }),
      { numRuns: 500 },
    );
  });
});
