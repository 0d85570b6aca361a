import type { LineIndex } from "../diff/commentable-lines.js";
import { normaliseCode } from "./fingerprint.js";

/** How far from the reported line a matching quote is still believed to be the same line. */
const SEARCH_RADIUS = 30;
/** Quotes shorter than this (`}`, `end`, `)`) match too many lines to locate anything. */
const MIN_SEARCHABLE_QUOTE = 6;

export interface QuotePlacement {
  line: number;
  /** The line's code is what the quote says (so a suggestion replaces what the model saw). */
  exact: boolean;
  how: "reported line" | "quote";
}

/*
 * Ways a model copies a line of the diff it was shown (`  21 + const q = …`) other than verbatim:
 * with the printed number (`21: const q`, `21 + const q`), with the diff marker (`+ const q`,
 * `+const q`), or both. Tried only after the quote as written, so code that really starts with
 * a number or a minus sign still matches first.
 */
const NUMBER_PREFIX = /^\s*L?\d+(?:\s*[:|]\s?|\s+(?=[+\- ]\s))/;
const DIFF_MARKER = /^\s*[+-](?=\s|\S)/;

function variants(quote: string): string[][] {
  const lines = trimBlank(quote.split(/\r?\n|\r/));
  const noNumber = lines.map((l) => l.replace(NUMBER_PREFIX, ""));
  const noMarker = noNumber.map((l) => l.replace(DIFF_MARKER, ""));
  const all = [lines, noNumber, noMarker].map((ls) => ls.map(normaliseCode));
  const distinct = new Map(all.map((ls) => [ls.join("\n"), ls]));
  return [...distinct.values()].filter((ls) => ls.length > 0);
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && normaliseCode(lines[start] ?? "") === "") start += 1;
  while (end > start && normaliseCode(lines[end - 1] ?? "") === "") end -= 1;
  return lines.slice(start, end);
}

/**
 * Where a finding's comment belongs. The reported line is kept when its code looks like one of
 * the quoted lines (a multi-line quote often starts a line early); otherwise the quote corrects
 * it: the quoted block nearest the reported line (preferring its hunk), or the only place in the
 * file that has it. Without a usable quote, a commentable reported line is kept as it is.
 */
export function locateQuote(quote: string, reported: number | undefined, index: LineIndex): QuotePlacement | undefined {
  const blocks = variants(quote);
  const reportedCode = reported === undefined ? undefined : index.contentAt(reported);
  if (reported !== undefined && reportedCode !== undefined) {
    const code = normaliseCode(reportedCode);
    if (blocks.some((block) => block.some((q) => looksLike(code, q)))) {
      return { line: reported, exact: blocks.some((b) => b.length === 1 && b[0] === code), how: "reported line" };
    }
  }
  for (const block of blocks) {
    if (block.join(" ").length < MIN_SEARCHABLE_QUOTE) continue;
    const found = nearestBlock(block, reported, index);
    if (found !== undefined) return { line: found, exact: block.length === 1, how: "quote" };
  }
  if (reported !== undefined && reportedCode !== undefined) return { line: reported, exact: false, how: "reported line" };
  return undefined;
}

/**
 * The same code, or one containing the other when the shorter is long enough to mean something:
 * a quote of part of the line (`db.query(sql)`) still names that line.
 */
function looksLike(code: string, quoted: string): boolean {
  if (code === quoted) return true;
  const [shorter, longer] = code.length <= quoted.length ? [code, quoted] : [quoted, code];
  return shorter.length >= Math.max(MIN_SEARCHABLE_QUOTE, longer.length / 3) && longer.includes(shorter);
}

function nearestBlock(block: readonly string[], reported: number | undefined, index: LineIndex): number | undefined {
  const starts = index.lines().filter((start) => block.every((q, i) => normaliseCode(index.contentAt(start + i) ?? "\u0000") === q));
  if (starts.length === 0) return undefined;
  if (reported === undefined) return starts[0];
  let best: number | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const start of starts) {
    const distance = Math.abs(start - reported);
    if (distance > SEARCH_RADIUS) continue;
    const score = distance + (index.sameHunk(start, reported) ? 0 : SEARCH_RADIUS);
    if (score < bestScore) {
      best = start;
      bestScore = score;
    }
  }
  // Far from where the model said: believed only when the file has that code in one place.
  return best ?? (starts.length === 1 ? starts[0] : undefined);
}
