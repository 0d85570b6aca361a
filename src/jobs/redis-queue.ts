import { randomUUID } from "node:crypto";
import { Queue, type JobType, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../review/logger.js";
import { coalescingKeyOf, fairnessGroupOf, jobIdOf, type JobDescription } from "./job-description.js";
import type { JobScheduler, ScheduleResult } from "./job-scheduler.js";
import { createQueueBook, type QueueBook } from "./redis-book.js";
import { connectRedis, pingWithin, redactRedisUrl, throttledWarn } from "./redis-connection.js";
import { createReviewWorker, type QueuedJob } from "./redis-worker.js";
import { settleWithin, type ReviewQueue } from "./review-queue.js";

export interface RedisQueueOptions {
  url: string;
  /** Keys are `<prefix>:<name>:…`; tests give each queue its own. */
  prefix?: string | undefined;
  name?: string | undefined;
  /** Jobs run at once by this replica. */
  concurrency: number;
  /** Jobs waiting or running on all replicas at most; more are refused. */
  maxPending?: number | undefined;
  /** Tries of a review job; a transient failure before posting is tried again. Commands run once. */
  attempts: number;
  /** Delay before the first retry; it doubles for each later one, with up to half taken off at random. */
  backoffMs?: number | undefined;
  lockMs?: number | undefined;
  stalledCheckMs?: number | undefined;
  supersedePollMs?: number | undefined;
  /** This replica's executor (the in-process scheduler, without a bound of its own). */
  executor: JobScheduler;
  onWait?: ((ms: number) => void) | undefined;
}

/** What the producer stores: the worker's data and which replica's `add` stored it. */
type ProducedJob = QueuedJob & { addedBy?: string | undefined };

const PENDING: JobType[] = ["waiting", "active", "delayed", "prioritized", "paused", "waiting-children"];

interface Connected {
  producer: Redis;
  consumer: Redis;
  queue: Queue<ProducedJob>;
  worker: Worker<QueuedJob>;
  book: QueueBook;
}

/**
 * The review queue on BullMQ: every replica queues into and works from one Redis, jobs survive
 * restarts, a job id per pull request head and trigger keeps copies of one webhook to one job, and
 * the newest head per pull request is kept in Redis so older ones cancel themselves anywhere.
 * Nothing connects until `start`.
 */
export function createRedisQueue(options: RedisQueueOptions): ReviewQueue {
  const prefix = options.prefix ?? "backend-review";
  const name = options.name ?? "reviews";
  let connected: Connected | undefined;
  const need = (): Connected => {
    if (!connected) throw new Error("the review queue was not started: createApp starts it");
    return connected;
  };
  return {
    kind: "redis",
    start(runner, log) {
      if (connected) return log.warn({}, "the review queue was started already; the first runner stays");
      const producer = connectRedis(options.url, "producer", log);
      const consumer = connectRedis(options.url, "worker", log);
      const queue = new Queue<ProducedJob>(name, { connection: producer, prefix, defaultJobOptions: { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } } });
      queue.on("error", throttledWarn(log, options.url, "review queue: Redis error"));
      const book = createQueueBook(producer, `${prefix}:${name}`);
      const worker = createReviewWorker({
        name, prefix, connection: consumer, concurrency: options.concurrency, book, runner, log, executor: options.executor, onWait: options.onWait,
        lockMs: options.lockMs ?? 30_000,
        stalledCheckMs: options.stalledCheckMs ?? 30_000,
        supersedePollMs: options.supersedePollMs ?? 2_000,
      });
      worker.on("error", throttledWarn(log, options.url, "review worker: Redis error"));
      connected = { producer, consumer, queue, worker, book };
      log.info({ redis: redactRedisUrl(options.url), queue: `${prefix}:${name}`, concurrency: options.concurrency }, "review queue: BullMQ on Redis");
    },
    async enqueue(description, log) {
      try {
        return await enqueue(need(), description, log, options);
      } catch (error) {
        log.error({ error: error instanceof Error ? error.message : String(error) }, "could not queue the job: Redis unreachable?");
        throw error;
      }
    },
    pending: async () => (connected ? connected.queue.getJobCountByTypes(...PENDING) : 0),
    ready: async () => (connected ? pingWithin(connected.producer, 1_000) : false),
    async stop(timeoutMs) {
      if (!connected) return true;
      const { worker } = connected;
      // Pausing takes no new job and waits for the running ones; closing by force stops renewing
      // the locks of any still running, so another replica takes them over once the locks expire.
      const finished = await settleWithin(worker.pause(), timeoutMs);
      await worker.close(!finished);
      return finished;
    },
    async close() {
      if (!connected) return;
      const { queue, worker, producer, consumer } = connected;
      await Promise.allSettled([worker.close(true), queue.close()]);
      producer.disconnect();
      consumer.disconnect();
    },
  };
}

async function enqueue(connected: Connected, description: JobDescription, log: Logger, options: RedisQueueOptions): Promise<ScheduleResult> {
  const { queue, book } = connected;
  const jobId = jobIdOf(description);
  if (await queue.getJob(jobId)) {
    log.info({ job: jobId }, "same job already queued, running or just done (on some replica); dropped");
    return "duplicate";
  }
  const pending = options.maxPending !== undefined ? await queue.getJobCountByTypes(...PENDING) : 0;
  if (options.maxPending !== undefined && pending >= options.maxPending) {
    log.error({ job: jobId, pending }, "queue full: job refused");
    return "full";
  }
  const key = coalescingKeyOf(description);
  const isPending = async (id: string) => PENDING.includes((await queue.getJobState(id)) as JobType);
  if (key && !(await book.claimHead(key, jobId, isPending))) {
    log.info({ subject: key.subject, version: key.version }, "same job already queued or running; dropped");
    return "duplicate";
  }
  const group = fairnessGroupOf(description);
  const priority = await book.nextPlace(group);
  const attempts = description.kind === "command" ? 1 : options.attempts;
  // BullMQ adds nothing when the job id exists (the same delivery reached another replica a moment
  // ago) and does not say so: the stored job carries the adder's token, so only the replica whose
  // job was stored counts it in the backlog.
  const addedBy = randomUUID();
  await queue.add(description.kind, { description, addedBy }, { jobId, priority, attempts, backoff: { type: "exponential", delay: options.backoffMs ?? 10_000, jitter: 0.5 } });
  if (!(await storedFrom(queue, jobId, addedBy))) {
    log.info({ job: jobId }, "same job queued by another replica a moment ago; dropped");
    return "duplicate";
  }
  await book.joinBacklog(group);
  return "queued";
}

/**
 * Whether the job stored under `jobId` is the one added with `addedBy`. A job gone already was
 * ours: it was taken and left the backlog before this check, so counting it keeps the sum right.
 */
async function storedFrom(queue: Queue<ProducedJob>, jobId: string, addedBy: string): Promise<boolean> {
  const stored = await queue.getJob(jobId);
  return stored === undefined || stored.data.addedBy === addedBy;
}
