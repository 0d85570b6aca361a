import type { Logger } from "../review/logger.js";
import type { NoticeDescription } from "./notice-description.js";
import type { ChildLogger, ReviewQueue } from "./review-queue.js";

/** Sends one notice; a worker's asks GitHub for the installation's client first. */
export type NoticeSender = (notice: NoticeDescription) => Promise<void>;

/**
 * Notices shared by the replicas (with REDIS_URL): a webhook's replica records the notice's
 * description in Redis and answers; a replica that runs jobs (`all`, `worker`) sends it with an
 * installation client of its own. A `web` replica therefore never needs an installation token.
 */
export interface NoticeQueue {
  /** Records `notice`, coalesced by its key across replicas; resolves once Redis has it (no GitHub call). */
  add(notice: NoticeDescription, log: Logger): Promise<void>;
  /** Connects; a replica that sends notices also starts taking them. */
  start(send: NoticeSender, log: ChildLogger): void;
  /** Notices waiting, being sent or waiting for a retry, on every replica. */
  pending(): Promise<number>;
  /** Takes no new notice; true when those being sent here finished within `timeoutMs`. */
  stop(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The review queue, stopping and closing the notice queue along with it: the shutdown sequence
 * knows one shared queue, and a notice being sent is as short as a GitHub call.
 */
export function withNoticeQueue(queue: ReviewQueue, notices: NoticeQueue): ReviewQueue {
  return {
    ...queue,
    async stop(timeoutMs) {
      const [reviews] = await Promise.all([queue.stop(timeoutMs), notices.stop(timeoutMs).catch(() => false)]);
      return reviews;
    },
    async close() {
      await Promise.all([queue.close(), notices.close()]);
    },
  };
}
