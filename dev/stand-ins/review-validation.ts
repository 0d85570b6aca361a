/**
 * The checks GitHub makes on `POST /pulls/{n}/reviews` that matter to us: an inline comment must
 * sit on a line the diff shows. GitHub refuses the whole review when one comment does not, with a
 * 422 that does not say which comment; the stand-in answers the same way.
 */
import { buildLineIndex, type LineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { ChangedFile, Hunk } from "../../src/diff/types.js";

export interface ReviewCommentInput {
  path?: unknown;
  line?: unknown;
  side?: unknown;
  start_line?: unknown;
  start_side?: unknown;
  body?: unknown;
}

export type ReviewVerdict = { ok: true } | { ok: false; errors: string[] };

const EVENTS = new Set(["APPROVE", "REQUEST_CHANGES", "COMMENT"]);

interface FileLines {
  right: LineIndex;
  /** Old-file lines shown on the LEFT side (deleted or context). */
  left: Set<number>;
}

export function validateReview(body: unknown, files: readonly ChangedFile[]): ReviewVerdict {
  if (typeof body !== "object" || body === null) return { ok: false, errors: ["Problems parsing JSON"] };
  const review = body as { event?: unknown; comments?: unknown };
  if (review.event !== undefined && !EVENTS.has(String(review.event))) {
    return { ok: false, errors: [`Invalid event: ${String(review.event)}`] };
  }
  const comments = Array.isArray(review.comments) ? (review.comments as ReviewCommentInput[]) : [];
  const indexes = new Map<string, FileLines>();
  for (const comment of comments) {
    const problem = checkComment(comment, files, indexes);
    if (problem !== undefined) return { ok: false, errors: [problem] };
  }
  return { ok: true };
}

function checkComment(comment: ReviewCommentInput, files: readonly ChangedFile[], cache: Map<string, FileLines>): string | undefined {
  if (typeof comment.path !== "string" || typeof comment.body !== "string") return "Path and body are required";
  const file = files.find((f) => f.filename === comment.path);
  if (!file || file.patch === undefined) return "Path could not be resolved";
  let lines = cache.get(file.filename);
  if (!lines) {
    lines = indexLines(parsePatch(file.patch).hunks);
    cache.set(file.filename, lines);
  }
  if (!isShown(lines, comment.side ?? "RIGHT", comment.line)) return "Line could not be resolved";
  if (comment.start_line === undefined) return undefined;
  const startSide = comment.start_side ?? comment.side ?? "RIGHT";
  if (!isShown(lines, startSide, comment.start_line)) return "Line could not be resolved";
  if (Number(comment.start_line) >= Number(comment.line)) return "Start line must precede the end line.";
  if (startSide === "RIGHT" && comment.side !== "LEFT" && !lines.right.sameHunk(Number(comment.start_line), Number(comment.line))) {
    return "start_line must be part of the same hunk as the line.";
  }
  return undefined;
}

function isShown(lines: FileLines, side: unknown, line: unknown): boolean {
  if (typeof line !== "number" || !Number.isInteger(line)) return false;
  if (side === "RIGHT") return lines.right.isCommentable(line);
  if (side === "LEFT") return lines.left.has(line);
  return false;
}

function indexLines(hunks: Hunk[]): FileLines {
  const left = new Set<number>();
  for (const hunk of hunks) {
    for (const line of hunk.lines) if (line.oldLine !== null) left.add(line.oldLine);
  }
  return { right: buildLineIndex(hunks), left };
}
