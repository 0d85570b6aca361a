import { buildLineIndex } from "../diff/commentable-lines.js";
import { parsePatch } from "../diff/parse-patch.js";
import type { ChangedFile } from "../diff/types.js";
import { fingerprintsOfLines } from "./fingerprint.js";
import type { FindingThread } from "./finding-threads.js";

/**
 * The bot's open threads whose flagged code is gone from the pull request: no line of the file's
 * current diff has the finding's fingerprint any more, and this review did not raise it again.
 * Decided from the code, not from the model staying silent, so a model that merely missed the
 * finding this time never marks it fixed.
 */
export function findFixedThreads(
  threads: readonly FindingThread[],
  files: readonly ChangedFile[],
  raised: ReadonlySet<string>,
): FindingThread[] {
  const byPath = new Map(files.map((f) => [f.filename, f]));
  return threads.filter((t) => {
    if (t.isResolved || t.dismissed || raised.has(t.fingerprint) || !t.checkId) return false;
    const file = byPath.get(t.path);
    if (!file) return true; // the file is no longer part of the pull request's changes
    if (file.patch === undefined) return false; // GitHub shows no diff: cannot tell
    const index = buildLineIndex(parsePatch(file.patch).hunks);
    return !fingerprintsOfLines(t.checkId, t.path, index).has(t.fingerprint);
  });
}
