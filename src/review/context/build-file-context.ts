import type { Hunk } from "../../diff/types.js";
import { enclosingUnit, findCodeUnits } from "./find-code-units.js";

/** How much of the head file the reviewer sees beyond the hunks. */
export type ContextMode = "hunk" | "function" | "file";
export const CONTEXT_MODES = ["hunk", "function", "file"] as const satisfies readonly ContextMode[];

/** Consecutive unchanged lines of the head file shown beside the hunks: not part of the diff. */
export interface ContextSection {
  /** New-file number of the first line. */
  start: number;
  lines: string[];
}

/** Lines of context one enclosing function (or, in `file` mode, the file) may add; larger ones are cut around the hunks. */
export const CONTEXT_LINE_BUDGET: Readonly<Record<Exclude<ContextMode, "hunk">, number>> = { function: 150, file: 1000 };
/** A cut function still shows its first lines: the signature, its parameters and decorators. */
const HEAD_LINES = 3;

interface Range {
  start: number;
  end: number;
}

/**
 * The head file's lines around a file's hunks that the reviewer should see: the enclosing
 * function (or class) of every changed line, or the whole file, without the lines the hunks already
 * show. Hunks in one function share it; a function over the budget keeps its first lines, its
 * last line and the lines nearest the hunks. Empty when the head text does not match the hunks
 * (another version of the file), so a stale file never shows wrong lines with true-looking numbers.
 */
export function buildFileContext(hunks: readonly Hunk[], headText: string, language: string, mode: ContextMode): ContextSection[] {
  if (mode === "hunk" || hunks.length === 0) return [];
  const lines = headText.split("\n").map((l) => l.replace(/\r$/, ""));
  if (lines.at(-1) === "") lines.pop();
  if (!matchesHunks(hunks, lines)) return [];
  const shown = new Set<number>();
  for (const hunk of hunks) for (const line of hunk.lines) if (line.newLine !== null) shown.add(line.newLine);
  if (shown.size >= lines.length) return []; // a new file, or a patch that shows it all
  const ranges = mode === "file" ? [{ start: 1, end: lines.length }] : enclosingRanges(hunks, headText, language);
  const kept = new Set<number>();
  for (const range of ranges) for (const n of cutToBudget(range, hunks, shown, CONTEXT_LINE_BUDGET[mode])) kept.add(n);
  return toSections([...kept].sort((a, b) => a - b), lines);
}

function matchesHunks(hunks: readonly Hunk[], lines: readonly string[]): boolean {
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.newLine === null) continue;
      if (lines[line.newLine - 1] !== line.content) return false;
    }
  }
  return true;
}

/** The enclosing unit of every changed line (or of a deletion's place), overlapping units merged. */
function enclosingRanges(hunks: readonly Hunk[], text: string, language: string): Range[] {
  const units = findCodeUnits(text, language);
  if (units.length === 0) return [];
  const found = new Map<string, Range>();
  for (const hunk of hunks) {
    const changed = hunk.lines.filter((l) => l.kind === "add").map((l) => l.newLine as number);
    if (changed.length === 0 && hunk.lines.some((l) => l.kind === "del")) changed.push(Math.max(hunk.newStart, 1));
    for (const line of changed) {
      const unit = enclosingUnit(units, line);
      if (unit) found.set(`${unit.start}:${unit.end}`, { start: unit.start, end: unit.end });
    }
  }
  const sorted = [...found.values()].sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** The range's lines not already shown; over the budget: head, tail and the widest window around the hunks that fits. */
function cutToBudget(range: Range, hunks: readonly Hunk[], shown: ReadonlySet<number>, budget: number): number[] {
  const all = linesOf(range, shown, () => true);
  if (all.length <= budget) return all;
  const inside = hunks
    .filter((h) => h.newLines > 0 && h.newStart <= range.end && h.newStart + h.newLines - 1 >= range.start)
    .map((h) => ({ start: h.newStart, end: h.newStart + h.newLines - 1 }));
  const pick = (radius: number) =>
    linesOf(range, shown, (n) => n < range.start + HEAD_LINES || n === range.end || inside.some((h) => n >= h.start - radius && n <= h.end + radius));
  let low = 0;
  let high = range.end - range.start;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (pick(mid).length <= budget) low = mid;
    else high = mid - 1;
  }
  return pick(low).slice(0, budget);
}

function linesOf(range: Range, shown: ReadonlySet<number>, keep: (n: number) => boolean): number[] {
  const out: number[] = [];
  for (let n = range.start; n <= range.end; n++) if (!shown.has(n) && keep(n)) out.push(n);
  return out;
}

function toSections(numbers: readonly number[], lines: readonly string[]): ContextSection[] {
  const sections: ContextSection[] = [];
  for (const n of numbers) {
    const last = sections.at(-1);
    const text = lines[n - 1] ?? "";
    if (last && last.start + last.lines.length === n) last.lines.push(text);
    else sections.push({ start: n, lines: [text] });
  }
  return sections;
}
