import type { AppDeps } from "../app-deps.js";
import type { Logger } from "../review/logger.js";
import { noticeKeyOf, type NoticeDescription } from "./notice-description.js";
import { sendNotice } from "./send-notice.js";

/**
 * Leaves a notice for after the webhook's answer. With Redis it is recorded there and a replica
 * that runs jobs sends it (so a `web` replica asks GitHub for nothing); without, this process's
 * notice runner sends it with the webhook's own client. Either way nothing here waits on GitHub.
 */
export async function postNotice(deps: Pick<AppDeps, "metrics" | "notices" | "noticeQueue">, octokit: unknown, notice: NoticeDescription, log: Logger): Promise<void> {
  if (deps.noticeQueue) return deps.noticeQueue.add(notice, log);
  deps.notices.post(noticeKeyOf(notice), () => sendNotice(notice, octokit, deps.metrics), log);
}
