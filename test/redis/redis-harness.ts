import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import nock from "nock";
import { afterAll, describe, it } from "vitest";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import { createRedisQueue, type RedisQueueOptions } from "../../src/jobs/redis-queue.js";
import type { AppDeps } from "../../src/app-deps.js";
import { createAppUnderTest, GITHUB, type AppUnderTest } from "../helpers/app-under-test.js";

/** The Redis the tests use; .ci/run starts one on this port. */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6399";

async function reachable(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const available = await reachable(REDIS_TEST_URL);
const onCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

/**
 * `describe` for tests that need a real Redis. Without one they never pass silently: on CI they
 * fail saying why; elsewhere (a laptop without Redis) they are skipped with the reason printed.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  const why = `Redis is not reachable at ${REDIS_TEST_URL} (set REDIS_TEST_URL, or run: redis-server --port 6399 --save '' --appendonly no --daemonize yes)`;
  if (onCi) {
    describe(name, () => it("needs a reachable Redis", () => {
      throw new Error(`${why}. .ci/run installs and starts redis-server before the tests.`);
    }));
    return;
  }
  console.warn(`skipped "${name}": ${why}`);
  // Skipped only off CI, and only without a reachable Redis: the reason is printed just above.
  describe.skip(name, body);
}

/** Each test's own key prefix, so tests (and test runs) never see each other's jobs. */
export function uniquePrefix(): string {
  return `br-test-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/**
 * A client of the test Redis and a key prefix of its own, both cleaned up after the file's tests.
 * For tests of one Redis-backed piece (budget, command cap) without a whole App.
 */
export function useRedisClient(): { client: Redis; prefix: string } {
  const prefix = uniquePrefix();
  const client = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  afterAll(async () => {
    await removeKeys(prefix);
    client.disconnect();
  });
  return { client, prefix };
}

/** Deletes every key under the prefix: BullMQ's and the queue's own. */
export async function removeKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}

export type ReplicaOptions = Partial<Pick<RedisQueueOptions, "attempts" | "backoffMs" | "lockMs" | "stalledCheckMs" | "supersedePollMs">> & Partial<Pick<AppDeps, "model">>;

/**
 * One replica: its own Probot (own token cache), scheduler and BullMQ queue and worker, all on the
 * shared Redis under `prefix`. Timings are short so lapsed locks and retries happen within a test.
 */
export async function createReplica(prefix: string, options: ReplicaOptions = {}): Promise<AppUnderTest> {
  const { model, ...timings } = options;
  const scheduler = createJobScheduler({ concurrency: 2 });
  const queue = createRedisQueue({
    url: REDIS_TEST_URL,
    prefix,
    concurrency: 2,
    attempts: 3,
    backoffMs: 50,
    lockMs: 1_000,
    stalledCheckMs: 250,
    supersedePollMs: 50,
    executor: scheduler,
    ...timings,
  });
  return createAppUnderTest({}, { scheduler, queue, ...(model ? { model } : {}) });
}

/** Waits until no job waits, runs or waits for a retry anywhere, and these replicas ran theirs out. */
export async function settled(replicas: AppUnderTest[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(replicas.map((r) => r.queue.pending()));
    if (counts.every((n) => n === 0) && replicas.every((r) => r.scheduler.pending === 0)) return;
    if (Date.now() > deadline) throw new Error(`jobs still pending after ${timeoutMs} ms: ${counts.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Installation tokens: each replica's Probot exchanges its own, so with several replicas the
 * count depends on which ones took jobs. `required` must happen; up to `optional` more may.
 */
export function mockTokens(required: number, optional = 0): nock.Scope {
  const reply = { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: { pull_requests: "write", checks: "write" } };
  const scope = nock(GITHUB).post("/app/installations/1/access_tokens").times(required).reply(201, reply);
  for (let i = 0; i < optional; i++) scope.post("/app/installations/1/access_tokens").optionally().reply(201, reply);
  return scope;
}

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
