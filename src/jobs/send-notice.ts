import { portsFor } from "../github/event-ports.js";
import type { AppMetrics } from "../metrics/app-metrics.js";
import type { NoticeDescription } from "./notice-description.js";

/** Posts one notice with an installation client: the webhook's own, or one a worker asked for. */
export async function sendNotice(notice: NoticeDescription, octokit: unknown, metrics: AppMetrics): Promise<void> {
  const { github, commands } = portsFor(octokit, metrics);
  if (notice.kind === "check") {
    const { ref, conclusion, title, summary } = notice;
    return github.createCompletedCheck(ref, { verdict: { conclusion, title }, summary });
  }
  const { pr, source, body } = notice;
  return source.kind === "review-comment" ? commands.replyInThread(pr, source.inReplyTo ?? source.id, body) : commands.replyInConversation(pr, body);
}
