import type { Logger } from "../review/logger.js";
import type { JobDescription } from "./job-description.js";
import type { ScheduleResult } from "./job-scheduler.js";

/** A logger that can carry a job's fields on every line (pino's and Probot's are). */
export interface ChildLogger extends Logger {
  child(bindings: Record<string, unknown>): ChildLogger;
}

/** One run of one job, as the queue hands it to the runner. */
export interface JobRun {
  /** Aborted when a newer head supersedes the job ("superseded by <sha>") or at shutdown. */
  signal: AbortSignal;
  log: Logger;
  /** Set only on the shared (Redis) queue, where the job may be tried again or by another replica. */
  shared?: SharedAttempt | undefined;
}

export interface SharedAttempt {
  /**
   * Asked right before a review is posted: why this job must not post any more (a newer head was
   * queued on some replica, another replica took the job over), or undefined when it may.
   */
  mayPost(): Promise<string | undefined>;
  /** Whether a transient failure of this attempt is tried again (attempts remain). */
  retriable: boolean;
  /** The check run an earlier attempt of this job (here or on a replica that stopped) started. */
  checkRunId: number | undefined;
  /** Remembers the check run for later attempts, so the pull request shows one per job. */
  keepCheckRun(id: number): Promise<void>;
}

/** Does one job, whichever replica and queue it came from. */
export type JobRunner = (description: JobDescription, run: JobRun) => Promise<void>;

/**
 * Where handlers put jobs: in this process (the default), or BullMQ on Redis (`REDIS_URL`) shared
 * by every replica and kept across restarts. Both hand the same descriptions to the same runner.
 */
export interface ReviewQueue {
  readonly kind: "memory" | "redis";
  /** Starts running jobs (createApp calls it once it can authenticate as an installation). */
  start(runner: JobRunner, log: ChildLogger): void;
  enqueue(description: JobDescription, log: Logger): Promise<ScheduleResult>;
  /** Jobs waiting or running: this process's, or every replica's with Redis. */
  pending(): Promise<number>;
  /** False when the queue cannot take jobs (Redis unreachable). */
  ready(): Promise<boolean>;
  /** Takes no new jobs; true when this process's running ones finished within `timeoutMs`. */
  stop(timeoutMs: number): Promise<boolean>;
  /** Lets go of connections. */
  close(): Promise<void>;
}

/** Whether `work` settled within `ms`; it goes on either way. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
