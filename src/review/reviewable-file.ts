import type { LineIndex } from "../diff/commentable-lines.js";
import type { ChangedFile, Hunk } from "../diff/types.js";
import type { ContextSection } from "./context/build-file-context.js";

/** A selected file with its parsed patch: what the prompt shows and what anchoring checks against. */
export interface ReviewableFile {
  path: string;
  previousPath?: string | undefined;
  status: ChangedFile["status"];
  language: string;
  hunks: Hunk[];
  lineIndex: LineIndex;
  /** Unchanged head-file lines shown around the hunks (the enclosing functions); never commentable. */
  context?: readonly ContextSection[] | undefined;
}
