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
 * longer), at most `concurrency` at once, taking turns between groups (installations) so one
 * organisation's burst of pull requests cannot starve another's. Keyed jobs coalesce: a duplicate
 * of a queued or running job is dropped, a newer version replaces a queued older one, and a
 * running older one is aborted with the reason "superseded by <version>".
 */
export interface JobScheduler {
  /**
   * `log` is the event's logger: a crash is reported with the delivery it came from. Says whether
   * the job was queued, dropped as a duplicate, or refused because the queue is full.
   */
  schedule(label: string, job: Job, log: Logger, key?: JobKey, group?: string): ScheduleResult;
  /** Resolves when every job scheduled so far has settled. */
  drain(): Promise<void>;
  /** Aborts every queued and running job with `reason` (e.g. at shutdown). */
  abortAll(reason: string): void;
  /** Jobs queued or running. */
  readonly pending: number;
  readonly running: number;
}

export type ScheduleResult = "queued" | "duplicate" | "full";

export interface SchedulerOptions {
  concurrency: number;
  /** Jobs queued or running at most; more are refused, so a flood cannot exhaust memory. */
  maxPending?: number | undefined;
  /** Called when a job starts, with how long it waited in the queue. */
  onStart?: (waitedMs: number) => void;
}

interface Task {
  label: string;
  job: Job;
  log: Logger;
  key?: JobKey | undefined;
  controller: AbortController;
  queuedAt: number;
  done: () => void;
}

export function createJobScheduler(options: SchedulerOptions): JobScheduler {
  const queues = new Map<string, Task[]>();
  const turns: string[] = [];
  const latest = new Map<string, { version: string; controller: AbortController }>();
  const settled = new Set<Promise<void>>();
  const live = new Set<Task>();
  let active = 0;

  const nextTask = (): Task | undefined => {
    const group = turns.shift();
    if (group === undefined) return undefined;
    const queue = queues.get(group) ?? [];
    const task = queue.shift();
    if (queue.length > 0) turns.push(group);
    else queues.delete(group);
    return task;
  };

  const pump = (): void => {
    while (active < options.concurrency) {
      const task = nextTask();
      if (!task) return;
      active += 1;
      void start(task).finally(() => {
        active -= 1;
        pump();
      });
    }
  };

  const start = async (task: Task): Promise<void> => {
    try {
      // Replaced while it waited: never started, so nothing was created on GitHub for it.
      if (task.controller.signal.aborted) return;
      options.onStart?.(Date.now() - task.queuedAt);
      await task.job(task.controller.signal);
    } catch (error) {
      task.log.error({ err: error, job: task.label }, "job crashed");
    } finally {
      if (task.key && latest.get(task.key.subject)?.controller === task.controller) latest.delete(task.key.subject);
      live.delete(task);
      task.done();
    }
  };

  const admit = (key: JobKey, log: Logger): AbortController | undefined => {
    const current = latest.get(key.subject);
    if (current?.version === key.version) {
      log.info({ subject: key.subject, version: key.version }, "same job already queued or running; dropped");
      return undefined;
    }
    current?.controller.abort(`superseded by ${key.version}`);
    const controller = new AbortController();
    latest.set(key.subject, { version: key.version, controller });
    return controller;
  };

  return {
    schedule(label, job, log, key, group = "") {
      if (settled.size >= (options.maxPending ?? Number.POSITIVE_INFINITY)) {
        log.error({ job: label, pending: settled.size }, "queue full: job refused");
        return "full";
      }
      const controller = key ? admit(key, log) : new AbortController();
      if (!controller) return "duplicate";
      let done = () => {};
      const finished = new Promise<void>((resolve) => (done = resolve));
      settled.add(finished);
      void finished.then(() => settled.delete(finished));
      const queue = queues.get(group);
      const task: Task = { label, job, log, key, controller, queuedAt: Date.now(), done };
      live.add(task);
      if (queue) queue.push(task);
      else {
        queues.set(group, [task]);
        turns.push(group);
      }
      pump();
      return "queued";
    },
    async drain() {
      while (settled.size > 0) await Promise.allSettled([...settled]);
    },
    abortAll(reason) {
      for (const task of live) task.controller.abort(reason);
    },
    get pending() {
      return settled.size;
    },
    get running() {
      return active;
    },
  };
}
