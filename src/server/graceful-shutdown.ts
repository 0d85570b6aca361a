import type { JobScheduler } from "../jobs/job-scheduler.js";
import type { Logger } from "../review/logger.js";
import type { Lifecycle } from "./ops-handler.js";

export interface ShutdownOptions {
  stopServer: () => Promise<void>;
  scheduler: JobScheduler;
  lifecycle: Lifecycle;
  /** How long running reviews may take to finish before they are interrupted. */
  timeoutMs: number;
  log: Logger;
  exit: (code: number) => void;
}

export const SHUTDOWN_REASON = "shutting down";
/** Time an interrupted review gets to mark its check run before the process exits. */
const REPORT_GRACE_MS = 5_000;

/**
 * On SIGTERM or SIGINT: take no new webhooks, let running reviews finish up to the timeout, then
 * interrupt the rest, whose check runs then say the review was interrupted and should be re-run,
 * rather than spinning "in progress" for ever.
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
    if (!(await settleWithin(scheduler.drain(), options.timeoutMs))) {
      log.warn({ pending: scheduler.pending }, `reviews still running after ${options.timeoutMs} ms: interrupting them`);
      scheduler.abortAll(SHUTDOWN_REASON);
      await settleWithin(scheduler.drain(), REPORT_GRACE_MS);
    }
    log.info({}, "stopped");
    options.exit(0);
  };
}

async function settleWithin(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
