/** The shapes every diff module shares. Pure data: no GitHub or model types leak in here. */

/** A file as GitHub lists it in `GET /repos/{o}/{r}/pulls/{n}/files` (only the fields we use). */
export interface ChangedFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  /** Missing for binary files and for diffs GitHub considers too large to show. */
  patch?: string | undefined;
  previous_filename?: string | undefined;
  additions: number;
  deletions: number;
  changes: number;
}

export type DiffLineKind = "add" | "del" | "context";

export interface DiffLine {
  kind: DiffLineKind;
  /** The line's text without the leading `+`/`-`/space and without a trailing `\r`. */
  content: string;
  /** Line number in the old file; null for added lines. */
  oldLine: number | null;
  /** Line number in the new file (the RIGHT side); null for deleted lines. */
  newLine: number | null;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The function context GitHub prints after the second `@@`, trimmed; "" when absent. */
  section: string;
  lines: DiffLine[];
}

export interface ParsedPatch {
  hunks: Hunk[];
  /** Lines that could not be understood, with their 1-based index in the patch text. Never thrown. */
  problems: { patchLine: number; message: string }[];
}

/** Why a changed file is not reviewed. Shown to users: keep the wording plain. */
export type SkipReason =
  | "removed"
  | "binary or too large (GitHub sent no diff)"
  | "not server-side code"
  | "front-end code"
  | "documentation"
  | "test code"
  | "lock file"
  | "generated or vendored code"
  | "no added or changed lines"
  | "excluded by configuration"
  | "over the review's token budget"
  | "over the review's file limit"
  | `patch too large (over ${string} bytes)`
  | "over the review's size limit"
  | "over the review's model call limit"
  | "unchanged since the last review";

export interface SkippedFile {
  path: string;
  reason: SkipReason;
}

export interface SelectedFile {
  file: ChangedFile;
  /** Human language name used in the prompt, e.g. "TypeScript", "Go", "SQL". */
  language: string;
}

export interface FileSelection {
  selected: SelectedFile[];
  skipped: SkippedFile[];
  /**
   * The files skipped as "test code" (also listed in `skipped`), with their patches: the model
   * does not read them, but the secret detector does, since a key committed in a fixture leaks too.
   */
  testCode: SelectedFile[];
}
