import type { PostOutcome } from "../cli/pr-review.js";
import { renderMarkdown } from "../cli/format-markdown.js";
import type { ReviewReport } from "../review/review-report.js";

export interface SummaryFacts {
  /** `https://github.com/acme/api/pull/7` */
  pullUrl: string;
  post: PostOutcome;
  sarifPath?: string | undefined;
}

/** The job summary: how the review reached the pull request (or why it did not), then the review itself. */
export function renderJobSummary(report: ReviewReport, facts: SummaryFacts): string {
  const lines = [statusLine(facts)];
  if (facts.sarifPath) lines.push(`> SARIF written to \`${facts.sarifPath}\`.`);
  return `${lines.join("\n>\n")}\n\n${renderMarkdown(report)}`;
}

export function renderNotReviewed(reason: string): string {
  return `### backend-review: not reviewed\n\n${reason}.\n`;
}

export function renderFailure(message: string): string {
  return `### backend-review: the review did not run\n\n\`\`\`text\n${message.replace(/`{3,}/g, "`\u200b``")}\n\`\`\`\n`;
}

function statusLine({ post, pullUrl }: SummaryFacts): string {
  switch (post.kind) {
    case "posted":
      return `> Posted on the pull request as [review ${post.id}](${pullUrl}#pullrequestreview-${post.id})${post.folded ? " (GitHub refused the inline comments; they are in the review body)" : ""}.`;
    case "read-only":
      return `> **Not posted on the pull request:** ${post.why}. The review is below; nothing was written to the pull request.`;
    case "nothing-new":
      return `> Nothing posted on the pull request: ${post.why}.`;
    case "not-asked":
      return "> Not posted on the pull request.";
  }
}
