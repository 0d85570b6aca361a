import { createHash } from "node:crypto";
import { splitUnifiedDiff } from "../src/cli/split-unified-diff.js";
import type { ChangedFile } from "../src/diff/types.js";
import type { EvalCase } from "./corpus-schema.js";

/** The case's change as GitHub's pull request files API would list it: what the core reviews. */
export function caseFiles(evalCase: EvalCase): ChangedFile[] {
  if (evalCase.diff !== undefined) return splitUnifiedDiff(evalCase.diff);
  return (evalCase.files ?? []).map((file) => {
    const { additions, deletions } = countChanges(file.patch);
    return { filename: file.path, status: file.status, patch: file.patch, additions, deletions, changes: additions + deletions };
  });
}

function countChanges(patch: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of patch.split("\n")) {
    if (line.startsWith("+")) additions += 1;
    else if (line.startsWith("-")) deletions += 1;
  }
  return { additions, deletions };
}

/**
 * Identifies the diff a cassette answered. It hashes the case's files rather than the prompt, so
 * a change to how the core renders prompts makes a cassette stale, not unusable, while an edit
 * to the case's code (which moves the lines the answer points at) does make it unusable.
 */
export function caseHash(files: readonly ChangedFile[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file.filename}\u0000${file.status}\u0000${file.patch ?? ""}\u0000`);
  return hash.digest("hex");
}
