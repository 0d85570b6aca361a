import { buildLineIndex } from "../diff/commentable-lines.js";
import { parsePatch } from "../diff/parse-patch.js";
import type { ChangedFile } from "../diff/types.js";
import type { ReviewableFile } from "./reviewable-file.js";

/** A selected file with its patch parsed and its commentable lines indexed. */
export function toReviewable(file: ChangedFile, language: string): ReviewableFile {
  const parsed = parsePatch(file.patch ?? "");
  return {
    path: file.filename,
    previousPath: file.previous_filename,
    status: file.status,
    language,
    hunks: parsed.hunks,
    lineIndex: buildLineIndex(parsed.hunks),
  };
}
