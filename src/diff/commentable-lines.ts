/**
 * Which new-file lines a review comment may be placed on. GitHub only accepts RIGHT-side
 * comments on added or context lines inside a hunk, and a multi-line comment must stay
 * within one hunk, so callers check a model's line numbers here before posting.
 */
import type { Hunk } from "./types.js";

export type CommentableKind = "add" | "context";

export interface LineIndex {
  /** Index (into the hunks given) of the hunk whose RIGHT side shows this new-file line. */
  hunkOf(newLine: number): number | undefined;
  isCommentable(newLine: number): boolean;
  contentAt(newLine: number): string | undefined;
  kindAt(newLine: number): CommentableKind | undefined;
  /** Both lines are commentable and in the same hunk (required for a multi-line comment). */
  sameHunk(a: number, b: number): boolean;
  /** All commentable new-file lines, ascending. A fresh array each call. */
  lines(): number[];
}

interface Entry {
  hunk: number;
  kind: CommentableKind;
  content: string;
}

export function buildLineIndex(hunks: Hunk[]): LineIndex {
  const byLine = new Map<number, Entry>();
  hunks.forEach((hunk, hunkIndex) => {
    for (const line of hunk.lines) {
      if (line.kind === "del" || line.newLine === null) continue;
      // Overlapping hunks only come from a malformed patch; the first claim wins so lookups stay stable.
      if (byLine.has(line.newLine)) continue;
      byLine.set(line.newLine, { hunk: hunkIndex, kind: line.kind, content: line.content });
    }
  });
  // Hunks are normally ascending already, but sorting once keeps lines() correct regardless.
  const sorted = [...byLine.keys()].sort((a, b) => a - b);

  return {
    hunkOf: (newLine) => byLine.get(newLine)?.hunk,
    isCommentable: (newLine) => byLine.has(newLine),
    contentAt: (newLine) => byLine.get(newLine)?.content,
    kindAt: (newLine) => byLine.get(newLine)?.kind,
    sameHunk: (a, b) => {
      const ha = byLine.get(a)?.hunk;
      return ha !== undefined && ha === byLine.get(b)?.hunk;
    },
    lines: () => sorted.slice(),
  };
}
