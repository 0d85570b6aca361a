import type { LineIndex } from "../diff/commentable-lines.js";
import type { ChangedFile, Hunk } from "../diff/types.js";

/** A selected file with its parsed patch: what the prompt shows and what anchoring checks against. */
export interface ReviewableFile {
  path: string;
  previousPath?: string | undefined;
  status: ChangedFile["status"];
  language: string;
  hunks: Hunk[];
  lineIndex: LineIndex;
}
