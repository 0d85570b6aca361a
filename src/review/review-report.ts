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
  failures: ChunkFailure[];
  /** Calls whose answer hit the output limit, so some findings may be missing. */
  truncatedChunks: number[];
  calls: number;
  usage: TokenUsage;
  /** Fingerprints of every finding this review raised, before any was held back as known. */
  fingerprints: string[];
  /** Findings dropped: malformed, about files the model was not shown, below thresholds, repeated. */
  dropped: { invalid: number; otherFiles: number; filtered: number; duplicates: number; known: number; unconfirmed: number };
}
