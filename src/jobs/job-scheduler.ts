import pLimit from "p-limit";
import type { Logger } from "../review/logger.js";

/**
 * Runs review jobs after the webhook has been answered: GitHub gives a delivery 10 seconds, and a
 * review takes longer. A global bound keeps a burst of pull requests from exhausting memory or the
 * model's rate limit.
 */
export interface JobScheduler {
  /** `log` is the event's logger: a crash is reported with the delivery it came from. */
  schedule(label: string, job: () => Promise<unknown>, log: Logger): void;
  /** Resolves when every job scheduled so far has settled. */
  drain(): Promise<void>;
  readonly pending: number;
}

export function createJobScheduler(options: { concurrency: number }): JobScheduler {
  const limit = pLimit(options.concurrency);
  const running = new Set<Promise<void>>();
  return {
    schedule(label, job, log) {
      const run = limit(job).then(
        () => undefined,
        // Jobs own their error boundary; reaching this is a bug, but it must not crash the server.
        (error: unknown) => log.error({ err: error, job: label }, "review job crashed"),
      );
      running.add(run);
      void run.finally(() => running.delete(run));
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    get pending() {
      return running.size;
    },
  };
}
