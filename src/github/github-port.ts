import type { ChangedFile } from "../diff/types.js";
import type { CheckVerdict } from "../review/decide-conclusion.js";
import type { ReviewDraft } from "../review/build-review-draft.js";

export interface PullRequestRef {
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
}

export interface CheckOutput {
  verdict: CheckVerdict;
  summary: string;
}

export interface PostedReview {
  id: number;
  /** GitHub refused the inline comments (422), so they were posted in the summary instead. */
  folded: boolean;
}

/** Everything the review job does to GitHub. One implementation over Octokit serves App and CLI. */
export interface GitHubPort {
  listFiles(ref: PullRequestRef): Promise<ChangedFile[]>;
  startCheck(ref: PullRequestRef): Promise<number>;
  completeCheck(ref: PullRequestRef, checkRunId: number, output: CheckOutput): Promise<void>;
  postReview(ref: PullRequestRef, draft: ReviewDraft): Promise<PostedReview>;
  postNotice(ref: PullRequestRef, body: string): Promise<void>;
}
