import { coalescingKeyOf, fairnessGroupOf, labelOf } from "./job-description.js";
import type { JobScheduler } from "./job-scheduler.js";
import { settleWithin, type JobRunner, type ReviewQueue } from "./review-queue.js";

/**
 * The in-process queue (no `REDIS_URL`): the scheduler's bounded concurrency, turns between
 * installations and coalescing of pushes, with the event's own logger. Lost on restart.
 */
export function createMemoryQueue(scheduler: JobScheduler): ReviewQueue {
  let runner: JobRunner | undefined;
  return {
    kind: "memory",
    start(next) {
      runner = next;
    },
    async enqueue(description, log) {
      const run = runner;
      if (!run) throw new Error("the review queue was not started: createApp starts it");
      return scheduler.schedule(labelOf(description), (signal) => run(description, { signal, log }), log, coalescingKeyOf(description), fairnessGroupOf(description));
    },
    pending: async () => scheduler.pending,
    ready: async () => true,
    stop: (timeoutMs) => settleWithin(scheduler.drain(), timeoutMs),
    close: async () => {},
  };
}
