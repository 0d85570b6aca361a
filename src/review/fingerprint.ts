import { createHash } from "node:crypto";
import type { LineIndex } from "../diff/commentable-lines.js";

/** Whitespace runs become one space; U+0085 too, as the diff shown to the model renders it as one. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s\u0085]+/g, " ").trim();
}

/**
 * Identifies a finding across pushes: what is wrong, where, the code it is about, and which copy
 * of that code it is. Copy-pasted vulnerable lines are separate defects, so the second identical
 * line of a file gets its own fingerprint; counting copies (not line numbers) keeps both stable
 * when unrelated lines above them change. The first copy keeps the recipe of earlier versions, so
 * findings already on pull requests are still recognised.
 */
export function fingerprintOf(finding: { check_id: string; path: string }, code: string, occurrence = 0): string {
  const copy = occurrence > 0 ? `\u0000#${occurrence}` : "";
  return createHash("sha256")
    .update(`${finding.check_id}\u0000${finding.path}\u0000${normaliseCode(code)}${copy}`)
    .digest("hex")
    .slice(0, 16);
}

/** How many lines before `line` in the file's diff hold the same code (0 for the first copy). */
export function occurrenceOf(index: LineIndex, line: number): number {
  const content = index.contentAt(line);
  if (content === undefined) return 0;
  const code = normaliseCode(content);
  let before = 0;
  for (const other of index.lines()) {
    if (other >= line) break;
    if (normaliseCode(index.contentAt(other) ?? "") === code) before += 1;
  }
  return before;
}

/** The fingerprint a finding of `checkId` on each line of the file's diff would have. */
export function fingerprintsOfLines(checkId: string, path: string, index: LineIndex): Set<string> {
  const seen = new Map<string, number>();
  const prints = new Set<string>();
  for (const line of index.lines()) {
    const code = normaliseCode(index.contentAt(line) ?? "");
    const occurrence = seen.get(code) ?? 0;
    seen.set(code, occurrence + 1);
    prints.add(fingerprintOf({ check_id: checkId, path }, code, occurrence));
  }
  return prints;
}
