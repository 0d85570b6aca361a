import type { SkippedFile } from "../diff/types.js";
import type { AnchoredFinding, FileLevelFinding } from "./anchor-findings.js";
import type { TokenUsage } from "./model.js";

export interface ChunkFailure {
  /** 1-based index of the model call. */
  chunk: number;
  paths: string[];
  reason: string;
}

/** Everything one review produced: the input of rendering, the check run and the CLI output. */
export interface ReviewReport {
  /** e.g. "acme/api#42" or "local diff". */
  target: string;
  headSha: string;
  /** Set for an incremental review: only what changed since this reviewed commit was read. */
  since?: string | undefined;
  model: string;
  reviewed: string[];
  skipped: SkippedFile[];
  /** Placed on lines, worst first, at most the configured number of comments. */
  inline: AnchoredFinding[];
  /** Placeable, but over the comment cap: listed in the summary. */
  overflow: AnchoredFinding[];
  /** On a reviewed file, but on no line of its diff. */
  fileLevel: FileLevelFinding[];
  /** About a path that was not part of what the reviewer was shown: listed, never posted inline. */
  otherFiles: FileLevelFinding[];
  failures: ChunkFailure[];
  /** Calls whose answer hit the output limit, so some findings may be missing. */
  truncatedChunks: number[];
  calls: number;
  usage: TokenUsage;
  /** Estimated input tokens of the code shown around the hunks (part of `usage.input`); absent when none was. */
  contextTokens?: number | undefined;
  /** Fingerprints of every finding this review raised, before any was held back as known. */
  fingerprints: string[];
  /**
   * Every finding reported (by the reviewer and the secret rules) lands in exactly one place:
   * reported = inline + overflow + fileLevel + otherFiles + the counts in `dropped`.
   */
  reported: number;
  /** Findings that needed a repair (check id, path, percentage, line, text cut) and were kept. */
  repaired: number;
  /** Findings not shown, by reason; `unusable` ones could not be read at all. */
  dropped: FindingsHeldBack;
}

export interface FindingsHeldBack {
  unusable: number;
  duplicates: number;
  belowSeverity: number;
  belowConfidence: number;
  categoryOff: number;
  /** Raised or dismissed by an earlier review of this pull request. */
  known: number;
  /** Not confirmed by the second look (`verify`). */
  unconfirmed: number;
}
