import { renderComment } from "../review/render-comment.js";
import { renderSummary } from "../review/render-summary.js";
import type { ReviewReport } from "../review/review-report.js";
import { code } from "../review/markdown.js";

const RERUN_HINT = "Run `backend-review` again to review the parts that failed.";
/** The hidden markers are state for the App's later runs; pasted elsewhere they would only mislead it. */
const MARKER_LINE = /\n*<!-- backend-review:[^>]*-->\s*$/;

/** The review as the App would post it: the summary, then each inline comment under its location. */
export function renderMarkdown(report: ReviewReport): string {
  const summary = renderSummary(report, { rerunHint: RERUN_HINT }).replace(MARKER_LINE, "");
  const comments = report.inline.map((anchored) => {
    const comment = renderComment(anchored);
    const lines = comment.startLine !== undefined ? `${comment.startLine}-${comment.line}` : String(comment.line);
    return `#### ${code(`${comment.path}:${lines}`)}\n\n${comment.body.replace(MARKER_LINE, "")}`;
  });
  return `${[summary, ...comments].join("\n\n---\n\n")}\n`;
}
