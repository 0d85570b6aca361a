import type { ChangedFile } from "../src/diff/types.js";

/** One hunk written as diff lines (`+added`, `-deleted`, ` context`); its header is computed. */
export interface HunkSpec {
  oldStart: number;
  newStart: number;
  /** The function context GitHub prints after the header, e.g. `export function f() {`. */
  section?: string;
  lines: string[];
}

/**
 * A file as `GET /pulls/{n}/files` lists it, with the patch and counts derived from its hunks so
 * a scenario cannot carry a header that disagrees with its body.
 */
export function changedFile(filename: string, status: ChangedFile["status"], hunks: HunkSpec[]): ChangedFile {
  let additions = 0;
  let deletions = 0;
  const text: string[] = [];
  for (const hunk of hunks) {
    const added = hunk.lines.filter((l) => l.startsWith("+")).length;
    const deleted = hunk.lines.filter((l) => l.startsWith("-")).length;
    const context = hunk.lines.length - added - deleted;
    additions += added;
    deletions += deleted;
    const section = hunk.section ? ` ${hunk.section}` : "";
    text.push(`@@ -${hunk.oldStart},${context + deleted} +${hunk.newStart},${context + added} @@${section}`, ...hunk.lines);
  }
  return { filename, status, patch: text.join("\n"), additions, deletions, changes: additions + deletions };
}

/** A new file: every line added. */
export function addedFile(filename: string, lines: string[]): ChangedFile {
  return changedFile(filename, "added", [{ oldStart: 0, newStart: 1, lines: lines.map((l) => `+${l}`) }]);
}
