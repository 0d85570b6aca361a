import { Redis } from "ioredis";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { JobDescription } from "../../src/jobs/job-description.js";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import { createRedisQueue } from "../../src/jobs/redis-queue.js";
import type { ChildLogger, ReviewQueue } from "../../src/jobs/review-queue.js";
import { deferred, describeWithRedis, REDIS_TEST_URL, removeKeys, uniquePrefix } from "./redis-harness.js";

const silent: ChildLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

const push = (sha: string, installationId = 7, pullNumber = 42): JobDescription => ({
  kind: "pull_request",
  ref: { owner: "acme", repo: "api", pullNumber, headSha: sha },
  installationId,
  facts: { trigger: "opened", draft: false, author: "octo", labels: [], title: "t" },
});

/**
 * The installation's backlog orders the shared queue (installations take turns). One delivery that
 * reaches two replicas at once is one job in BullMQ, so it must count once, or that installation
 * waits behind a job that does not exist for a day.
 */
describeWithRedis("the backlog counter on Redis", () => {
  let prefix = "";
  let queues: ReviewQueue[] = [];
  let client: Redis;
  let gate = deferred();
  let started = 0;
  const backlog = async (installationId: number) => Number(await client.get(`${prefix}:reviews:backlog:${installationId}`));
  /** A replica whose worker (one job at a time) holds every job it takes until the gate opens. */
  const replica = () => {
    const q = createRedisQueue({ url: REDIS_TEST_URL, prefix, concurrency: 1, attempts: 1, executor: createJobScheduler({ concurrency: 1 }) });
    q.start(async () => {
      started += 1;
      await gate.promise;
    }, silent);
    queues.push(q);
    return q;
  };
  /** Both replicas' workers busy with another installation's job, so what is queued next waits. */
  const occupy = async (replicas: ReviewQueue[]) => {
    for (const [n, q] of replicas.entries()) await q.enqueue(push(`busy${n}`, 99, 900 + n), silent);
    await until(async () => started === replicas.length);
  };

  beforeEach(() => {
    prefix = uniquePrefix();
    queues = [];
    gate = deferred();
    started = 0;
    client = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
  });
  afterEach(async () => {
    gate.resolve();
    await Promise.all(queues.map((q) => q.close()));
    client.disconnect();
    await removeKeys(prefix);
  });

  it("counts the same delivery arriving at two replicas at once as one job, and is back to 0 once it ran", async () => {
    const replicas = [replica(), replica()];
    await occupy(replicas);
    // Both replicas ask Redis "is this job there?" before either adds it: BullMQ keeps one job.
    const results = await Promise.all(replicas.map((q) => q.enqueue(push("c0ffee"), silent)));
    expect(await backlog(7)).toBe(1);
    expect(results.toSorted()).toEqual(["duplicate", "queued"]);
    expect(await replicas[0]!.pending()).toBe(3);
    gate.resolve();
    await until(async () => (await replicas[0]!.pending()) === 0);
    expect(await backlog(7)).toBe(0);
  });

  it("counts each job really added, and none of the copies of a delivery", async () => {
    const replicas = [replica(), replica(), replica()];
    await occupy(replicas);
    const results = await Promise.all([1, 2, 3].flatMap((n) => replicas.map((q) => q.enqueue(push(`head${n}`, 7, n), silent))));
    expect(await backlog(7)).toBe(3);
    expect(results.filter((r) => r === "queued")).toHaveLength(3);
    gate.resolve();
    await until(async () => (await replicas[0]!.pending()) === 0);
    expect(await backlog(7)).toBe(0);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
