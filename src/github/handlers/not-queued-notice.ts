import type { AppDeps } from "../../app-deps.js";
import { postNotice, type InstallationClient } from "../../jobs/post-notice.js";
import type { Logger } from "../../review/logger.js";
import type { PullRequestRef } from "../github-port.js";

export const NOT_QUEUED_TITLE = "Not reviewed: the App has too many reviews waiting";
export const NOT_QUEUED_SUMMARY =
  `${NOT_QUEUED_TITLE}, so this commit was not queued. ` +
  "Comment `/review` on the pull request to get the review once the queue has room (or push again).";

/**
 * Never a silent skip: a commit that could not be queued gets a completed neutral check saying why
 * and how to get the review. Sent after the webhook is answered, once per head however many
 * deliveries (redeliveries, several events for one push) were refused.
 */
export async function noticeNotQueued(
  deps: Pick<AppDeps, "metrics" | "notices" | "noticeQueue">,
  client: InstallationClient,
  ref: PullRequestRef,
  installationId: number,
  log: Logger,
): Promise<void> {
  deps.metrics.reviewOutcome("queue-full");
  await postNotice(deps, client, { kind: "check", installationId, ref, conclusion: "neutral", title: NOT_QUEUED_TITLE, summary: NOT_QUEUED_SUMMARY }, log);
}
