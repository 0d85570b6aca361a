import type { AppDeps } from "../app-deps.js";
import type { Logger } from "../review/logger.js";
import { noticeKeyOf, type NoticeDescription } from "./notice-description.js";
import { sendNotice } from "./send-notice.js";

/** The installation's own client, as Probot's `app.auth(installationId)` gives it. */
export type InstallationClient = (installationId: number) => Promise<unknown>;

/**
 * Leaves a notice for after the webhook's answer. With Redis it is recorded there and a replica
 * that runs jobs sends it (so a `web` replica asks GitHub for nothing); without, this process's
 * notice runner sends it with the installation's own client. Not the webhook's client: Probot 14
 * paces that one's writes for the whole process, so one organisation's flood of refused pull
 * requests would delay every other organisation's notices. Either way nothing here waits on GitHub.
 */
export async function postNotice(
  deps: Pick<AppDeps, "metrics" | "notices" | "noticeQueue">,
  client: InstallationClient,
  notice: NoticeDescription,
  log: Logger,
): Promise<void> {
  if (deps.noticeQueue) return deps.noticeQueue.add(notice, log);
  deps.notices.post(noticeKeyOf(notice), async () => sendNotice(notice, await client(notice.installationId), deps.metrics), log);
}
