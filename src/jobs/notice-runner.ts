import pLimit from "p-limit";
import type { Logger } from "../review/logger.js";

export interface NoticeRunnerOptions {
  /** GitHub calls at once (default 4). */
  concurrency?: number | undefined;
  /** Notices waiting or being sent at most (default 500); more are dropped, with a log line. */
  maxPending?: number | undefined;
  /** Keys remembered once sent (default 10,000), so a redelivery does not post the notice again. */
  remember?: number | undefined;
  /** Claims shared by the replicas (Redis), so a delivery that reaches another replica posts no second notice. */
  shared?: NoticeClaims | undefined;
}

/** Who sends a notice, when several replicas might. */
export interface NoticeClaims {
  /** True for the first replica to claim `key`. */
  claim(key: string): Promise<boolean>;
  /** Lets `key` be claimed again (its notice could not be sent). */
  release(key: string): Promise<void>;
}

export type NoticeResult = "queued" | "coalesced" | "dropped";

/**
 * Runs the GitHub calls a webhook handler needs (e.g. the "not reviewed" check when the queue is
 * full) after the webhook was answered: Probot answers only once every handler has returned, and
 * GitHub gives a delivery 10 seconds, so a handler records the notice here and returns at once.
 * Bounded (its own concurrency and backlog, independent of the review queue's) and coalesced by
 * key: fifteen deliveries for one head post one check run.
 */
export interface NoticeRunner {
  /** Queues `send` unless a notice with the same key is waiting, being sent, or was sent. */
  post(key: string, send: () => Promise<unknown>, log: Logger): NoticeResult;
  /** Resolves when every notice posted so far has been sent or has failed. */
  drain(): Promise<void>;
  /** Notices waiting or being sent. */
  readonly pending: number;
}

export function createNoticeRunner(options: NoticeRunnerOptions = {}): NoticeRunner {
  const limit = pLimit(options.concurrency ?? 4);
  const maxPending = options.maxPending ?? 500;
  const remember = options.remember ?? 10_000;
  const keys = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  const keep = (key: string) => {
    keys.add(key);
    // Oldest first: a Set iterates in insertion order.
    for (const old of keys) {
      if (keys.size <= remember) break;
      keys.delete(old);
    }
  };

  /** Sends unless another replica claimed the key; a claim that cannot be asked for does not stop it. */
  const sendOnce = async (key: string, send: () => Promise<unknown>, log: Logger): Promise<void> => {
    const mine = await (options.shared?.claim(key) ?? Promise.resolve(true)).catch((error: unknown) => {
      log.warn({ err: error, notice: key }, "could not claim the notice in Redis; sending it");
      return true;
    });
    if (!mine) {
      log.debug({ notice: key }, "another replica sends this notice; coalesced");
      return;
    }
    await send();
  };

  return {
    post(key, send, log) {
      if (keys.has(key)) {
        log.debug({ notice: key }, "the same notice is already sent or on its way; coalesced");
        return "coalesced";
      }
      if (inFlight.size >= maxPending) {
        log.error({ notice: key, pending: inFlight.size }, "too many GitHub notices waiting: this one is dropped");
        return "dropped";
      }
      keep(key);
      const task = limit(() => sendOnce(key, send, log)).then(
        () => undefined,
        async (error: unknown) => {
          keys.delete(key); // a later delivery may try again
          log.error({ err: error, notice: key }, "could not post the notice on GitHub");
          await options.shared?.release(key).catch(() => {});
        },
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      return "queued";
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    get pending() {
      return inFlight.size;
    },
  };
}
