import type { Redis } from "ioredis";
import type { JobKey } from "./job-scheduler.js";

/** The newest head of a pull request outlives any job that waits for it by far. */
const HEAD_TTL_S = 7 * 24 * 3600;
/** A backlog count left wrong (a job removed by hand) heals itself within a day. */
const BACKLOG_TTL_S = 24 * 3600;
/** BullMQ's highest priority number. */
const MAX_PRIORITY = 2_097_152;

interface Head {
  sha: string;
  jobId: string;
}

/**
 * What the replicas keep in Redis beside BullMQ's own keys, all under the queue's key prefix
 * (so obliterating the queue removes them too): the newest head queued per pull request, and
 * each installation's backlog, which orders the queue so installations take turns.
 */
export interface QueueBook {
  /**
   * Records `key` as the pull request's newest head, unless the same head is already waiting or
   * running under another job (another trigger for one push): false then, a duplicate.
   */
  claimHead(key: JobKey, jobId: string, isPending: (jobId: string) => Promise<boolean>): Promise<boolean>;
  /** The newer head queued for the pull request since `key`, if any. */
  newerHead(key: JobKey): Promise<string | undefined>;
  /**
   * The priority for a job about to join its installation's backlog: its place in it. BullMQ serves
   * lower numbers first (FIFO among equals), so the n-th waiting job of every installation goes
   * before any (n+1)-th. Only read: two jobs queued at once may share a place, which is harmless.
   */
  nextPlace(group: string): Promise<number>;
  /** Counts a job in its installation's backlog: only once the queue has really added it. */
  joinBacklog(group: string): Promise<void>;
  leaveBacklog(group: string): Promise<void>;
  /** Which worker holds the job now (BullMQ's lock token), if any. */
  lockHolder(jobId: string): Promise<string | null>;
}

export function createQueueBook(client: Redis, base: string): QueueBook {
  const headKey = (key: JobKey) => `${base}:head:${key.subject}`;
  const backlogKey = (group: string) => `${base}:backlog:${group}`;
  const readHead = async (key: JobKey): Promise<Head | undefined> => {
    const text = await client.get(headKey(key));
    if (text === null) return undefined;
    const head = JSON.parse(text) as Partial<Head>;
    return typeof head.sha === "string" && typeof head.jobId === "string" ? { sha: head.sha, jobId: head.jobId } : undefined;
  };
  return {
    async claimHead(key, jobId, isPending) {
      const current = await readHead(key);
      if (current?.sha === key.version && current.jobId !== jobId && (await isPending(current.jobId))) return false;
      await client.set(headKey(key), JSON.stringify({ sha: key.version, jobId } satisfies Head), "EX", HEAD_TTL_S);
      return true;
    },
    async newerHead(key) {
      const current = await readHead(key);
      return current !== undefined && current.sha !== key.version ? current.sha : undefined;
    },
    async nextPlace(group) {
      const place = Number(await client.get(backlogKey(group))) + 1;
      return Math.min(Math.max(1, Number.isFinite(place) ? place : 1), MAX_PRIORITY);
    },
    async joinBacklog(group) {
      await client.multi().incr(backlogKey(group)).expire(backlogKey(group), BACKLOG_TTL_S).exec();
    },
    async leaveBacklog(group) {
      await client.decr(backlogKey(group));
    },
    lockHolder: (jobId) => client.get(`${base}:${jobId}:lock`),
  };
}
