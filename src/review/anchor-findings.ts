import { createHash } from "node:crypto";
import type { LineIndex } from "../diff/commentable-lines.js";
import type { Finding } from "./finding.js";

export interface AnchoredFinding {
  finding: Finding;
  path: string;
  /** RIGHT-side line the comment sits on (the last line of a range). */
  line: number;
  /** First line of a multi-line comment, in the same hunk as `line`. */
  startLine?: number | undefined;
  /** Present only when the replaced range is known exactly. */
  suggestion?: string | undefined;
  fingerprint: string;
}

export interface FileLevelFinding {
  finding: Finding;
  path: string;
  fingerprint: string;
}

export interface AnchorResult {
  inline: AnchoredFinding[];
  /** Findings on a reviewed file whose line could not be placed in the diff: listed in the summary. */
  fileLevel: FileLevelFinding[];
  /** Findings about files that were not part of what the model was shown. Counted, never posted. */
  dropped: Finding[];
}

/** How far from the reported line a matching quote is still believed to be the same line. */
const SEARCH_RADIUS = 30;
/** Quotes shorter than this (`}`, `end`, `)`) match too many lines to locate anything. */
const MIN_SEARCHABLE_QUOTE = 6;

/** Whitespace runs become one space; U+0085 too, as the diff shown to the model renders it as one. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s\u0085]+/g, " ").trim();
}

/**
 * Places each finding on a line GitHub accepts a comment on. The quoted code is trusted over the
 * reported number (models drift by a few lines); a reported line is used as is only when it is
 * commentable; otherwise the finding moves to the summary instead of breaking the whole review.
 */
export function anchorFindings(findings: readonly Finding[], files: ReadonlyMap<string, LineIndex>): AnchorResult {
  const result: AnchorResult = { inline: [], fileLevel: [], dropped: [] };
  for (const finding of findings) {
    const index = files.get(finding.path);
    if (!index) {
      result.dropped.push(finding);
      continue;
    }
    const placed = anchorOne(finding, index);
    if (placed) result.inline.push(placed);
    else result.fileLevel.push({ finding, path: finding.path, fingerprint: fingerprintOf(finding, finding.quote) });
  }
  return result;
}

function anchorOne(finding: Finding, index: LineIndex): AnchoredFinding | undefined {
  const byQuote = locateQuote(finding, index);
  const line = byQuote ?? (index.isCommentable(finding.line) ? finding.line : undefined);
  if (line === undefined) return undefined;
  const content = index.contentAt(line) ?? finding.quote;
  const base: AnchoredFinding = { finding, path: finding.path, line, fingerprint: fingerprintOf(finding, content) };
  const end = shiftedEnd(finding, line, index);
  const exact = byQuote !== undefined && normaliseCode(content) === normaliseCode(finding.quote);
  if (end === undefined) {
    const single = finding.end_line === undefined || finding.end_line === finding.line;
    return exact && single && finding.replacement !== undefined ? { ...base, suggestion: finding.replacement } : base;
  }
  const ranged = { ...base, startLine: line, line: end };
  return exact && finding.replacement !== undefined ? { ...ranged, suggestion: finding.replacement } : ranged;
}

function locateQuote(finding: Finding, index: LineIndex): number | undefined {
  const quote = normaliseCode(finding.quote.split(/\r?\n/)[0] ?? "");
  if (quote.length === 0) return undefined;
  const reported = finding.line;
  if (quote.length < MIN_SEARCHABLE_QUOTE) {
    return normaliseCode(index.contentAt(reported) ?? "") === quote ? reported : undefined;
  }
  // Prefer a match in the reported line's hunk, then the nearest one within the radius.
  let best: number | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of index.lines()) {
    const distance = Math.abs(candidate - reported);
    if (distance > SEARCH_RADIUS) continue;
    if (normaliseCode(index.contentAt(candidate) ?? "") !== quote) continue;
    const score = distance + (index.sameHunk(candidate, reported) ? 0 : SEARCH_RADIUS);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Moves the range's end by the same offset as its start. A range that would leave the hunk is
 * reduced to its first line: GitHub rejects ranges across hunks.
 */
function shiftedEnd(finding: Finding, line: number, index: LineIndex): number | undefined {
  if (finding.end_line === undefined || finding.end_line <= finding.line) return undefined;
  const end = finding.end_line + (line - finding.line);
  return index.isCommentable(end) && index.sameHunk(line, end) ? end : undefined;
}

/** Identifies a finding across pushes: what is wrong, where, and the code it is about. */
export function fingerprintOf(finding: Pick<Finding, "check_id" | "path">, code: string): string {
  return createHash("sha256")
    .update(`${finding.check_id}\u0000${finding.path}\u0000${normaliseCode(code)}`)
    .digest("hex")
    .slice(0, 16);
}
