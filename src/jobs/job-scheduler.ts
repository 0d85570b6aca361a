import pLimit from "p-limit";
import type { Logger } from "../review/logger.js";

export type Job = (signal: AbortSignal) => Promise<unknown>;

/** Jobs about the same thing (one pull request): only the newest is worth finishing. */
export interface JobKey {
  /** What the job is about, e.g. "acme/api#42". */
  subject: string;
  /** Which version of it, e.g. the head SHA: a second job with the same one is a duplicate. */
  version: string;
}

/**
 * Runs jobs after the webhook has been answered (GitHub gives a delivery 10 seconds; a review takes
 * longer), at most `concurrency` at once. Keyed jobs coalesce: a duplicate of a queued or running
 * job is dropped, a newer version replaces a queued older one, and a running older one is aborted
 * with the reason "superseded by <version>".
 */
export interface JobScheduler {
  /** `log` is the event's logger: a crash is reported with the delivery it came from. */
  schedule(label: string, job: Job, log: Logger, key?: JobKey): void;
  /** Resolves when every job scheduled so far has settled. */
  drain(): Promise<void>;
  readonly pending: number;
}

interface Entry {
  version: string;
  controller: AbortController;
}

export function createJobScheduler(options: { concurrency: number }): JobScheduler {
  const limit = pLimit(options.concurrency);
  const running = new Set<Promise<void>>();
  const latest = new Map<string, Entry>();

  const admit = (key: JobKey, log: Logger): Entry | undefined => {
    const current = latest.get(key.subject);
    if (current?.version === key.version) {
      log.info({ subject: key.subject, version: key.version }, "same job already queued or running; dropped");
      return undefined;
    }
    if (current) current.controller.abort(`superseded by ${key.version}`);
    const entry: Entry = { version: key.version, controller: new AbortController() };
    latest.set(key.subject, entry);
    return entry;
  };

  return {
    schedule(label, job, log, key) {
      const entry = key ? admit(key, log) : { version: "", controller: new AbortController() };
      if (!entry) return;
      const run = limit(async () => {
        // Replaced while it waited: never started, so nothing was created on GitHub for it.
        if (entry.controller.signal.aborted) return;
        await job(entry.controller.signal);
      })
        .catch((error: unknown) => log.error({ err: error, job: label }, "job crashed"))
        .finally(() => {
          if (key && latest.get(key.subject) === entry) latest.delete(key.subject);
          running.delete(run);
        });
      running.add(run);
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    get pending() {
      return running.size;
    },
  };
}
