import { parsePatch } from "../diff/parse-patch.js";
import type { ChangedFile } from "../diff/types.js";

export interface IncrementalScope {
  /** The PR's files, each cut down to the hunks that the new commits touched. */
  files: ChangedFile[];
  /** PR files the new commits did not touch. */
  unchanged: string[];
}

/**
 * Narrows the pull request's diff to what changed since the last reviewed commit. Hunks are taken
 * from the PR's own diff (comments may only sit on its lines), kept when they contain a line the
 * new commits added; a file whose changes GitHub could not show is kept whole.
 */
export function restrictToChanges(prFiles: readonly ChangedFile[], changes: readonly ChangedFile[]): IncrementalScope {
  const byPath = new Map(changes.map((c) => [c.filename, c]));
  const files: ChangedFile[] = [];
  const unchanged: string[] = [];
  for (const file of prFiles) {
    const change = byPath.get(file.filename);
    if (!change) {
      unchanged.push(file.filename);
      continue;
    }
    if (change.patch === undefined || file.patch === undefined) {
      files.push(file);
      continue;
    }
    const patch = keepTouchedHunks(file.patch, addedLines(change.patch));
    if (patch === undefined) unchanged.push(file.filename);
    else files.push({ ...file, patch });
  }
  return { files, unchanged };
}

function addedLines(patch: string): Set<number> {
  const lines = new Set<number>();
  for (const hunk of parsePatch(patch).hunks) {
    for (const line of hunk.lines) if (line.kind === "add" && line.newLine !== null) lines.add(line.newLine);
  }
  return lines;
}

/** Undefined when no hunk of the PR's diff holds a newly added line (e.g. the push only deleted). */
function keepTouchedHunks(patch: string, added: ReadonlySet<number>): string | undefined {
  const parsed = parsePatch(patch).hunks;
  const texts = splitHunkTexts(patch);
  if (texts.length !== parsed.length) return patch; // unusual patch text: review it whole rather than guess
  const kept = parsed.flatMap((hunk, i) => (hunk.lines.some((l) => l.newLine !== null && added.has(l.newLine)) ? [texts[i] ?? ""] : []));
  return kept.length === 0 ? undefined : kept.join("\n");
}

/**
 * The text of each hunk, header included. Inside a hunk no line starts with "@@". A final "\n"
 * stays with the last hunk: the empty string after it may be an empty context line (parsePatch
 * counts it as one), and keeping it makes the kept hunks byte-identical to the original text.
 */
function splitHunkTexts(patch: string): string[] {
  const hunks: string[][] = [];
  for (const line of patch.split("\n")) {
    if (line.startsWith("@@")) hunks.push([line]);
    else hunks.at(-1)?.push(line);
  }
  return hunks.map((hunk) => hunk.join("\n"));
}
