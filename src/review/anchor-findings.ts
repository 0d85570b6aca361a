import type { LineIndex } from "../diff/commentable-lines.js";
import type { Finding } from "./finding.js";
import { fingerprintOf, occurrenceOf } from "./fingerprint.js";
import { locateQuote } from "./locate-quote.js";
import { resolvePath } from "./resolve-path.js";

export { fingerprintOf, normaliseCode } from "./fingerprint.js";

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
  /** Findings about a path that is none of the files the model was shown: listed, never posted inline. */
  otherFiles: FileLevelFinding[];
  /** Findings whose path had to be read generously (`b/src/x.js`, another case, a suffix). */
  repairedPaths: Finding[];
}

export interface AnchorOptions {
  /**
   * The whole pull request's diff per path, when the files shown were narrowed to the hunks of new
   * commits: copies of a line are counted over it, so a full and an incremental review give one
   * finding the same fingerprint.
   */
  occurrenceIndex?: ReadonlyMap<string, LineIndex> | undefined;
}

/**
 * Places each finding on a line GitHub accepts a comment on (locate-quote.ts says how the quote
 * and the reported line are weighed); a finding that cannot be placed goes to the summary
 * instead of breaking the whole review, and one about a file that was not shown is listed too.
 */
export function anchorFindings(findings: readonly Finding[], files: ReadonlyMap<string, LineIndex>, options: AnchorOptions = {}): AnchorResult {
  const result: AnchorResult = { inline: [], fileLevel: [], otherFiles: [], repairedPaths: [] };
  const known = [...files.keys()];
  for (const original of findings) {
    const path = resolvePath(original.path, known);
    const index = path === undefined ? undefined : files.get(path);
    if (path === undefined || index === undefined) {
      result.otherFiles.push({ finding: original, path: original.path, fingerprint: fingerprintOf(original, original.quote) });
      continue;
    }
    if (path !== original.path) result.repairedPaths.push(original);
    const finding = path === original.path ? original : { ...original, path };
    const placed = anchorOne(finding, index, options.occurrenceIndex?.get(path) ?? index);
    if (placed) result.inline.push(placed);
    else result.fileLevel.push({ finding, path, fingerprint: fingerprintOf(finding, finding.quote) });
  }
  return result;
}

function anchorOne(finding: Finding, index: LineIndex, occurrences: LineIndex): AnchoredFinding | undefined {
  const placed = locateQuote(finding.quote, finding.line, index);
  if (placed === undefined) return undefined;
  const { line } = placed;
  const content = index.contentAt(line) ?? finding.quote;
  const occurrence = occurrences.contentAt(line) === content ? occurrenceOf(occurrences, line) : 0;
  const base: AnchoredFinding = { finding, path: finding.path, line, fingerprint: fingerprintOf(finding, content, occurrence) };
  const end = shiftedEnd(finding, line, index);
  if (end === undefined) {
    const single = finding.end_line === undefined || finding.end_line === finding.line;
    return placed.exact && single && finding.replacement !== undefined ? { ...base, suggestion: finding.replacement } : base;
  }
  const ranged = { ...base, startLine: line, line: end };
  return placed.exact && finding.replacement !== undefined ? { ...ranged, suggestion: finding.replacement } : ranged;
}

/**
 * Moves the range's end by the same offset as its start. A range that would leave the hunk is
 * reduced to its first line: GitHub rejects ranges across hunks.
 */
function shiftedEnd(finding: Finding, line: number, index: LineIndex): number | undefined {
  if (finding.end_line === undefined || finding.line === undefined || finding.end_line <= finding.line) return undefined;
  const end = finding.end_line + (line - finding.line);
  return index.isCommentable(end) && index.sameHunk(line, end) ? end : undefined;
}
