import type { ChangedFile } from "../diff/types.js";
import type { CheckVerdict } from "../review/decide-conclusion.js";
import type { ReviewDraft } from "../review/build-review-draft.js";
import type { FindingThread } from "../review/finding-threads.js";
import type { RepoConfigResult } from "./load-repo-config.js";

export interface PullRef {
  owner: string;
  repo: string;
  pullNumber: number;
}

export interface PullRequestRef extends PullRef {
  headSha: string;
}

export interface CheckOutput {
  verdict: CheckVerdict;
  summary: string;
}

export interface BotComment {
  id: number;
  body: string;
}

export interface Comparison {
  /** "ahead": base is an ancestor of head; "diverged"/"behind": history was rewritten. */
  status: "ahead" | "behind" | "diverged" | "identical";
  files: ChangedFile[];
}

export interface PostedReview {
  id: number;
  /** GitHub refused the inline comments (422), so they were posted in the summary instead. */
  folded: boolean;
}

export interface SarifUpload {
  /** GitHub's id of the upload, for `GET …/code-scanning/sarifs/{id}`. */
  id: string;
}

/** Everything the review job does to GitHub. One implementation over Octokit serves App and CLI. */
export interface GitHubPort {
  listFiles(ref: PullRequestRef): Promise<ChangedFile[]>;
  startCheck(ref: PullRequestRef): Promise<number>;
  completeCheck(ref: PullRequestRef, checkRunId: number, output: CheckOutput): Promise<void>;
  postReview(ref: PullRequestRef, draft: ReviewDraft): Promise<PostedReview>;
  /** A check run created already completed: for reviews skipped or refused before they start. */
  createCompletedCheck(ref: PullRequestRef, output: CheckOutput): Promise<void>;
  postNotice(ref: PullRequestRef, body: string): Promise<void>;
  /** The PR conversation's comments written by bots that carry one of our markers. */
  listBotComments(ref: PullRequestRef): Promise<BotComment[]>;
  updateComment(ref: PullRequestRef, commentId: number, body: string): Promise<void>;
  /** `.github/backend-review.yml` from the default branch (or the org's `.github` repository). */
  loadConfig(ref: PullRef): Promise<RepoConfigResult>;
  /** Text of files at the pull request's head, by path (binary, very large and missing files left out): ⌈paths/50⌉ requests. */
  readHeadFiles(ref: PullRequestRef, paths: readonly string[]): Promise<Map<string, string>>;
  /** A text file from the default branch; undefined when it does not exist. */
  readDefaultBranchFile(ref: PullRequestRef, path: string): Promise<string | undefined>;
  /** Head commits of the bot's earlier reviews of this PR, oldest first (read from their markers). */
  listReviewedShas(ref: PullRef): Promise<string[]>;
  /** The review threads that start with one of the bot's finding comments. */
  listFindingThreads(ref: PullRef): Promise<FindingThread[]>;
  /** What changed between two commits; undefined when GitHub cannot say (a commit is gone, too many files). */
  compareCommits(ref: PullRef, base: string, head: string): Promise<Comparison | undefined>;
  replyInThread(ref: PullRef, commentId: number, body: string): Promise<void>;
  resolveThread(threadId: string): Promise<void>;
  /** A SARIF log to code scanning for the pull request's head (only when the repository opts in). */
  uploadSarif(ref: PullRequestRef, sarif: string): Promise<SarifUpload>;
}
