import { Queue, UnrecoverableError, Worker, type Job, type JobType } from "bullmq";
import type { Redis } from "ioredis";
import { isNoticeDescription, noticeBindingsOf, noticeKeyOf, type NoticeDescription } from "./notice-description.js";
import type { NoticeQueue, NoticeSender } from "./notice-queue.js";
import { connectRedis, throttledWarn } from "./redis-connection.js";
import { settleWithin, type ChildLogger } from "./review-queue.js";
import { isTransientGitHubError } from "./transient-error.js";

export interface RedisNoticeQueueOptions {
  url: string;
  /** Keys are `<prefix>:notices:…`, next to the review queue's. */
  prefix?: string | undefined;
  /** The client for adding notices (startup's shared one); without it the queue connects its own. */
  producer?: Redis | undefined;
  /** Notices this replica sends at once; 0 for a replica that only records them (`web`). */
  concurrency: number;
  /** Tries of a notice that failed for a reason that may pass (GitHub 5xx, 429, secondary rate limit). */
  attempts?: number | undefined;
  /** Delay before the first retry, doubled for each later one (with up to half taken off at random). */
  backoffMs?: number | undefined;
}

/** The default: as many GitHub calls at once as the in-process notice runner makes. */
export const NOTICE_CONCURRENCY = 4;

const NAME = "notices";
const PENDING: JobType[] = ["waiting", "active", "delayed", "prioritized", "paused"];
/** As long as a redelivery of a refused webhook can come: a sent notice's id is kept that long. */
const KEEP_SENT_S = 24 * 3600;

interface Connected {
  queue: Queue<NoticeDescription>;
  worker: Worker<NoticeDescription> | undefined;
  owned: Redis[];
}

/**
 * The notice queue on BullMQ. The job id is the notice's key, so deliveries of one refused head
 * on any number of replicas make one job, and a sent one is kept a day so a redelivery posts
 * nothing more; a notice that finally failed is removed, so a later delivery can try again.
 * Nothing connects until `start`.
 */
export function createRedisNoticeQueue(options: RedisNoticeQueueOptions): NoticeQueue {
  const prefix = options.prefix ?? "backend-review";
  let connected: Connected | undefined;
  const need = (): Connected => {
    if (!connected) throw new Error("the notice queue was not started: createApp starts it");
    return connected;
  };
  return {
    start(send, log) {
      if (connected) return log.warn({}, "the notice queue was started already; the first sender stays");
      const owned: Redis[] = [];
      const own = (role: "producer" | "worker") => {
        const client = connectRedis(options.url, role, log);
        owned.push(client);
        return client;
      };
      const producer = options.producer ?? own("producer");
      const queue = new Queue<NoticeDescription>(NAME, {
        connection: producer,
        prefix,
        defaultJobOptions: {
          attempts: options.attempts ?? 3,
          backoff: { type: "exponential", delay: options.backoffMs ?? 2_000, jitter: 0.5 },
          removeOnComplete: { age: KEEP_SENT_S, count: 10_000 },
          removeOnFail: true,
        },
      });
      queue.on("error", throttledWarn(log, options.url, "notice queue: Redis error"));
      let worker: Worker<NoticeDescription> | undefined;
      if (options.concurrency > 0) {
        // A worker needs a connection of its own that waits for Redis to come back (BullMQ requires it).
        worker = new Worker<NoticeDescription>(NAME, (job) => sendJob(job, send, log), { connection: own("worker"), prefix, concurrency: options.concurrency });
        worker.on("error", throttledWarn(log, options.url, "notice worker: Redis error"));
      }
      connected = { queue, worker, owned };
    },
    async add(notice, log) {
      const jobId = noticeKeyOf(notice);
      try {
        // BullMQ adds nothing when the id exists: waiting, being sent, or sent within the day.
        await need().queue.add(notice.kind, notice, { jobId });
        log.debug({ notice: jobId }, "notice recorded in Redis; a worker sends it");
      } catch (error) {
        log.error({ notice: jobId, error: error instanceof Error ? error.message : String(error) }, "could not record the notice: Redis unreachable?");
        throw error;
      }
    },
    pending: async () => (connected ? connected.queue.getJobCountByTypes(...PENDING) : 0),
    async stop(timeoutMs) {
      const worker = connected?.worker;
      if (!worker) return true;
      const finished = await settleWithin(worker.pause(), timeoutMs);
      await worker.close(!finished);
      return finished;
    },
    async close() {
      if (!connected) return;
      const { queue, worker, owned } = connected;
      await Promise.allSettled([worker?.close(true), queue.close()]);
      for (const client of owned) client.disconnect();
    },
  };
}

/** A notice GitHub refused for good (a 404, a 422) is not tried again; an outage or rate limit is. */
async function sendJob(job: Job<NoticeDescription>, send: NoticeSender, log: ChildLogger): Promise<void> {
  const notice: unknown = job.data;
  if (!isNoticeDescription(notice)) throw new UnrecoverableError("notice data this version of the App does not know");
  const noticeLog = log.child({ ...noticeBindingsOf(notice), attempt: job.attemptsMade + 1 });
  try {
    await send(notice);
    noticeLog.info({}, "notice posted");
  } catch (error) {
    const retried = isTransientGitHubError(error) && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
    noticeLog.error({ err: error }, retried ? "could not post the notice on GitHub; trying again after a backoff" : "could not post the notice on GitHub");
    if (retried) throw error;
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
}
