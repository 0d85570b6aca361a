import { renderComment, type DraftComment } from "./render-comment.js";
import { renderSummary } from "./render-summary.js";
import type { ReviewReport } from "./review-report.js";

export interface ReviewDraft {
  /** Always COMMENT: nothing the model says may approve or block a pull request. */
  event: "COMMENT";
  commitId: string;
  body: string;
  comments: DraftComment[];
  /** The same review with every inline comment listed in the body, for when GitHub refuses a line. */
  bodyWithoutComments: string;
}

export const RERUN_HINT = "Comment `/review` on the pull request to run the review again.";

export function buildReviewDraft(report: ReviewReport): ReviewDraft {
  return {
    event: "COMMENT",
    commitId: report.headSha,
    body: renderSummary(report, { rerunHint: RERUN_HINT }),
    comments: report.inline.map(renderComment),
    bodyWithoutComments: renderSummary(report, { rerunHint: RERUN_HINT, folded: true }),
  };
}
