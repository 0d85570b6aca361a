import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { coalescingKeyOf, fairnessGroupOf, isJobDescription, labelOf, logBindingsOf, type JobDescription } from "./job-description.js";
import type { JobScheduler } from "./job-scheduler.js";
import type { QueueBook } from "./redis-book.js";
import type { ChildLogger, JobRunner, SharedAttempt } from "./review-queue.js";
import { TransientJobError } from "./transient-error.js";

/** A job's data in Redis: its description, and the check run an earlier attempt started. */
export interface QueuedJob {
  description: JobDescription;
  checkRunId?: number | undefined;
}

/**
 * How fast a job of a dead replica is taken over, and why a live one keeps its jobs.
 *
 * - A running job's lock lasts `lockMs` (10 s) and the worker renews it every 1.25 to 2.5 s
 *   (BullMQ's renewal timer ticks at half of `lockRenewTime`, a quarter of the lock, and renews a
 *   lock last renewed more than a tick ago). A live worker therefore keeps its job however long
 *   the review takes (a model call of minutes is only awaited I/O); it loses it only if it cannot
 *   reach Redis, or its event loop is blocked, for some 7.5 s.
 * - Every replica's worker runs the stalled-job check every `stalledCheckMs` (1 s: one short Lua
 *   script). A check marks the active jobs; the next check that finds a marked job without its
 *   lock moves it back to the queue, where a waiting worker takes it at once. A check also sets a
 *   throttle key for the same 1 s, so a replica's check can fall into another's window and skip:
 *   checks are then < 2 s apart. How often checks run does not matter to a live job: only its
 *   lock does.
 *
 * A killed replica's lock lapses at most 10 s after its last renewal, some check has marked the
 * job by then (checks are < 2 s apart and renewals stop), and the first check after the lapse
 * moves it: at most 12 s from the kill to the job running again, within the 20 s promised.
 * `maxStalledCount` 2: a job whose worker dies a third time (a job that kills its process) fails
 * instead of taking replicas down in turn.
 */
export const TAKEOVER_TIMINGS = { lockMs: 10_000, stalledCheckMs: 1_000, maxStalledCount: 2 } as const;

export interface WorkerSetup {
  name: string;
  prefix: string;
  connection: Redis;
  /** Jobs this replica runs at once; 0 for a replica that only queues (BACKEND_REVIEW_ROLE=web). */
  concurrency: number;
  lockMs: number;
  stalledCheckMs: number;
  /** How often a running review asks whether a newer head was queued (on any replica). */
  supersedePollMs: number;
  book: QueueBook;
  /** Runs the jobs this worker took, so drain, abortAll and the gauges see them. */
  executor: JobScheduler;
  runner: JobRunner;
  log: ChildLogger;
  onWait?: ((ms: number) => void) | undefined;
}

/**
 * Takes jobs from Redis, at most `concurrency` at once per replica. A replica that stops renewing
 * its jobs' locks (killed, or shut down before they finished) loses them after `lockMs`: another
 * replica's stalled-job check puts them back in the queue (twice at most, then they fail). See
 * TAKEOVER_TIMINGS. With `concurrency` 0 the worker never runs: it takes no job and checks none.
 */
export function createReviewWorker(setup: WorkerSetup): Worker<QueuedJob> {
  const worker = new Worker<QueuedJob>(setup.name, (job, token) => processJob(job, token, setup), {
    connection: setup.connection,
    prefix: setup.prefix,
    autorun: setup.concurrency > 0,
    // BullMQ refuses 0; a worker that never runs takes nothing anyway.
    concurrency: Math.max(1, setup.concurrency),
    lockDuration: setup.lockMs,
    lockRenewTime: setup.lockMs / 4,
    stalledInterval: setup.stalledCheckMs,
    maxStalledCount: TAKEOVER_TIMINGS.maxStalledCount,
  });
  const { log } = setup;
  worker.on("stalled", (jobId) => log.warn({ job: jobId }, "taking over a job whose replica stopped renewing its lock (killed or shut down)"));
  worker.on("failed", (job, error) => {
    // Failed without running (stalled too often): the check run it started may still say "in progress".
    if (job?.deferredFailure) log.error({ job: job.id, checkRun: job.data.checkRunId }, `job failed: ${error.message}`);
  });
  return worker;
}

async function processJob(job: Job<QueuedJob>, token: string | undefined, setup: WorkerSetup): Promise<void> {
  const description: unknown = job.data.description;
  if (!isJobDescription(description)) throw new UnrecoverableError("job data this version of the App does not know");
  const log = setup.log.child({ job: job.id, attempt: job.attemptsMade + 1, ...logBindingsOf(description) });
  if (job.attemptsStarted <= 1) {
    setup.onWait?.(Date.now() - job.timestamp);
    await setup.book.leaveBacklog(fairnessGroupOf(description)).catch(() => {});
  }
  const shared: SharedAttempt = {
    mayPost: () => whyNotPost(description, String(job.id), token, setup.book),
    retriable: job.attemptsMade + 1 < (job.opts.attempts ?? 1),
    checkRunId: job.data.checkRunId,
    keepCheckRun: (id) => job.updateData({ ...job.data, checkRunId: id }),
  };
  try {
    await runLocally(description, shared, log, setup);
  } catch (error) {
    if (error instanceof TransientJobError) {
      log.warn({ reason: error.reason }, "attempt failed for a transient reason; BullMQ retries it after a backoff");
      throw error;
    }
    log.error({ err: error, job: labelOf(description) }, "job crashed");
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
}

/** Runs the job through the executor; a pushed newer head aborts it, as in memory. */
function runLocally(description: JobDescription, shared: SharedAttempt, log: ChildLogger, setup: WorkerSetup): Promise<void> {
  const key = coalescingKeyOf(description);
  return new Promise<void>((resolve, reject) => {
    const result = setup.executor.schedule(
      labelOf(description),
      async (signal) => {
        const superseded = new AbortController();
        const timer = key && setInterval(() => void watchHead(setup.book, key, superseded), setup.supersedePollMs);
        try {
          resolve(await setup.runner(description, { signal: AbortSignal.any([signal, superseded.signal]), log, shared }));
        } catch (error) {
          reject(error);
        } finally {
          if (timer) clearInterval(timer);
        }
      },
      log,
      undefined,
      fairnessGroupOf(description),
    );
    if (result !== "queued") reject(new Error(`this replica refused the job (${result})`));
  });
}

async function watchHead(book: QueueBook, key: NonNullable<ReturnType<typeof coalescingKeyOf>>, superseded: AbortController): Promise<void> {
  const newer = await book.newerHead(key).catch(() => undefined);
  if (newer !== undefined && !superseded.signal.aborted) superseded.abort(`superseded by ${newer}`);
}

async function whyNotPost(description: JobDescription, jobId: string, token: string | undefined, book: QueueBook): Promise<string | undefined> {
  const key = coalescingKeyOf(description);
  const newer = key ? await book.newerHead(key) : undefined;
  if (newer !== undefined) return `superseded by ${newer}`;
  if (token !== undefined && (await book.lockHolder(jobId)) !== token) return "taken over by another replica";
  return undefined;
}
