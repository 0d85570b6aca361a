import picomatch from "picomatch";
import type { RepoConfig } from "./repo-config-schema.js";

export type Trigger = "opened" | "reopened" | "synchronize" | "ready_for_review" | "command" | "rerun";

export interface PullRequestFacts {
  trigger: Trigger;
  draft: boolean;
  author: string;
  labels: readonly string[];
  title: string;
}

/** `visible` skips get a neutral check run saying why; the others are only logged. */
export type GateDecision = { run: true } | { run: false; reason: string; visible: boolean };

const AUTOMATIC: ReadonlySet<Trigger> = new Set(["opened", "reopened", "synchronize", "ready_for_review"]);

/**
 * Whether this event should start a review under the repository's configuration. Someone asking
 * explicitly (a command, the Re-run button) is not stopped by the automatic-review rules.
 */
export function decideReview(facts: PullRequestFacts, config: RepoConfig): GateDecision {
  if (!config.enabled) return { run: false, reason: "reviews are disabled by configuration (enabled: false)", visible: false };
  if (!AUTOMATIC.has(facts.trigger)) return { run: true };
  if (config.auto_review === "off") return { run: false, reason: "automatic reviews are off (auto_review: off)", visible: false };
  if (config.auto_review === "first_push_only" && facts.trigger === "synchronize") {
    return { run: false, reason: "only the first push is reviewed automatically (auto_review: first_push_only)", visible: false };
  }
  if (facts.draft && !config.review_drafts) return { run: false, reason: "draft pull request (review_drafts: false)", visible: false };
  const author = config.skip.authors.find((pattern) => picomatch.isMatch(facts.author, pattern, { nocase: true, literalBrackets: true }));
  if (author !== undefined) return { run: false, reason: `the author ${facts.author} matches skip.authors "${author}"`, visible: true };
  const label = facts.labels.find((l) => config.skip.labels.some((s) => s.toLowerCase() === l.toLowerCase()));
  if (label !== undefined) return { run: false, reason: `the label "${label}" is in skip.labels`, visible: true };
  const title = config.skip.titles.find((pattern) => new RegExp(pattern, "i").test(facts.title));
  if (title !== undefined) return { run: false, reason: `the title matches skip.titles "${title}"`, visible: true };
  return { run: true };
}
