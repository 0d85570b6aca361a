import type { JobScheduler } from "../jobs/job-scheduler.js";
import { settleWithin, type ReviewQueue } from "../jobs/review-queue.js";
import type { Logger } from "../review/logger.js";
import type { Lifecycle } from "./ops-handler.js";

export interface ShutdownOptions {
  stopServer: () => Promise<void>;
  scheduler: JobScheduler;
  /** The queue on Redis, when there is one: its unfinished jobs are left to another replica. */
  queue?: ReviewQueue | undefined;
  lifecycle: Lifecycle;
  /** GitHub calls the webhooks left for after their answers ("not reviewed" checks): sent before exit. */
  notices?: { drain(): Promise<void>; readonly pending: number } | undefined;
  /** How long running reviews may take to finish before they are interrupted (or left). */
  timeoutMs: number;
  log: Logger;
  exit: (code: number) => void;
}

export const SHUTDOWN_REASON = "shutting down";
/** Time an interrupted review gets to mark its check run before the process exits. */
const REPORT_GRACE_MS = 5_000;

/**
 * On SIGTERM or SIGINT: take no new webhooks, let running reviews finish up to the timeout. In
 * memory, interrupt the rest, whose check runs then say the review was interrupted and should be
 * re-run, rather than spinning "in progress" for ever. On Redis, leave the rest running until the
 * process exits: their locks lapse and another replica's BullMQ takes them over and finishes them.
 */
export function createShutdown(options: ShutdownOptions): (signal: string) => Promise<void> {
  let started = false;
  return async (signal) => {
    if (started) return;
    started = true;
    const { scheduler, log } = options;
    options.lifecycle.shuttingDown = true;
    log.info({ signal, pending: scheduler.pending }, "shutting down: no new webhooks; letting running reviews finish");
    await options.stopServer().catch((error: unknown) => log.warn({ err: error }, "the HTTP server did not stop cleanly"));
    // No webhook arrives any more, so no notice is added: those waiting go out while reviews finish.
    const noticesSent = settleWithin(options.notices?.drain() ?? Promise.resolve(), options.timeoutMs);
    if (options.queue?.kind === "redis") await stopShared(options.queue, options);
    else await stopLocal(options);
    if (!(await noticesSent)) log.warn({ unsent: options.notices?.pending }, `GitHub notices still unsent after ${options.timeoutMs} ms: left`);
    log.info({}, "stopped");
    options.exit(0);
  };
}

async function stopLocal({ scheduler, log, timeoutMs }: ShutdownOptions): Promise<void> {
  if (await settleWithin(scheduler.drain(), timeoutMs)) return;
  log.warn({ pending: scheduler.pending }, `reviews still running after ${timeoutMs} ms: interrupting them`);
  scheduler.abortAll(SHUTDOWN_REASON);
  await settleWithin(scheduler.drain(), REPORT_GRACE_MS);
}

async function stopShared(queue: ReviewQueue, { scheduler, log, timeoutMs }: ShutdownOptions): Promise<void> {
  const finished = await queue.stop(timeoutMs).catch((error: unknown) => {
    log.warn({ err: error }, "the review worker did not stop cleanly");
    return false;
  });
  if (!finished) {
    log.warn(
      { unfinished: scheduler.running },
      `reviews still running after ${timeoutMs} ms: left unfinished; BullMQ's stalled-job check on another replica takes them over once their locks lapse`,
    );
  }
  await queue.close().catch((error: unknown) => log.warn({ err: error }, "the Redis connections did not close cleanly"));
}
