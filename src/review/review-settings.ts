import { CATEGORIES, type Category, type Severity } from "./finding.js";
import type { FailOn } from "./decide-conclusion.js";
import type { ContextMode } from "./context/build-file-context.js";

/** What one review needs to know, whatever set it (defaults, deployment env, repo config, CLI flags). */
export interface ReviewSettings {
  model: string;
  maxOutputTokens: number;
  chunkTokens: number;
  reviewTokens: number;
  concurrency: number;
  maxComments: number;
  minSeverity: Severity;
  /** Findings with a lower `confidence` are not posted. */
  minConfidence: number;
  /** A second model call re-checks each high or critical finding; unconfirmed ones are dropped. */
  verify: boolean;
  categories: readonly Category[];
  failOn: FailOn;
  include: readonly string[];
  exclude: readonly string[];
  /** Test code goes to the model too; by default it is skipped (and still scanned for secrets). */
  reviewTests: boolean;
  instructions?: string | undefined;
  /** What the reviewer sees around each hunk: the diff alone, the enclosing function, or the whole file. */
  context: ContextMode;
  /** Server-side files one review reads at most, in PR order; the rest are listed as not reviewed. */
  maxFiles: number;
  /** Bytes of one file's patch: a larger one is not parsed, let alone sent. */
  maxPatchBytes: number;
  /** Bytes of every reviewed patch together. */
  maxReviewBytes: number;
  /** Model calls one review may make. */
  maxCalls: number;
}

export const DEFAULT_REVIEW_SETTINGS: Readonly<Omit<ReviewSettings, "model">> = Object.freeze({
  // Current models think before they answer, and the thinking counts against this limit; only the
  // tokens used are billed, so the headroom costs nothing when it is not needed.
  maxOutputTokens: 16_000,
  chunkTokens: 24_000,
  reviewTokens: 400_000,
  concurrency: 4,
  maxComments: 30,
  minSeverity: "low",
  minConfidence: 0,
  verify: false,
  categories: [...CATEGORIES],
  failOn: "never",
  include: [],
  exclude: [],
  reviewTests: false,
  context: "function",
  maxFiles: 300,
  maxPatchBytes: 200_000,
  maxReviewBytes: 3_000_000,
  maxCalls: 40,
});
