import { buildLineIndex } from "../diff/commentable-lines.js";
import { parsePatch } from "../diff/parse-patch.js";
import type { ChangedFile } from "../diff/types.js";
import { buildFileContext, type ContextMode } from "./context/build-file-context.js";
import { redactContextSecrets } from "./context/redact-context-secrets.js";
import type { ReviewableFile } from "./reviewable-file.js";

/**
 * A selected file with its patch parsed and its commentable lines indexed; with the file's text at
 * the head commit, also the context around its hunks that `mode` asks for.
 */
export function toReviewable(file: ChangedFile, language: string, head?: { text: string; mode: ContextMode }): ReviewableFile {
  const parsed = parsePatch(file.patch ?? "");
  const context = head ? redactContextSecrets(file.filename, buildFileContext(parsed.hunks, head.text, language, head.mode)) : [];
  return {
    path: file.filename,
    previousPath: file.previous_filename,
    status: file.status,
    language,
    hunks: parsed.hunks,
    lineIndex: buildLineIndex(parsed.hunks),
    ...(context.length > 0 ? { context } : {}),
  };
}
