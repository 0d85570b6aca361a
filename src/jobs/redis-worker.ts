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

export interface WorkerSetup {
  name: string;
  prefix: string;
  connection: Redis;
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
 * replica's stalled-job check puts them back in the queue (twice at most, then they fail).
 */
export function createReviewWorker(setup: WorkerSetup): Worker<QueuedJob> {
  const worker = new Worker<QueuedJob>(setup.name, (job, token) => processJob(job, token, setup), {
    connection: setup.connection,
    prefix: setup.prefix,
    concurrency: setup.concurrency,
    lockDuration: setup.lockMs,
    stalledInterval: setup.stalledCheckMs,
    maxStalledCount: 2,
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
