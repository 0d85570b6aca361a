import { afterEach, beforeEach, expect, it } from "vitest";
import type { JobDescription } from "../../src/jobs/job-description.js";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import { createRedisQueue } from "../../src/jobs/redis-queue.js";
import type { ChildLogger, JobRun, ReviewQueue } from "../../src/jobs/review-queue.js";
import { createShutdown } from "../../src/server/graceful-shutdown.js";
import { deferred, describeWithRedis, REDIS_TEST_URL, removeKeys, uniquePrefix } from "./redis-harness.js";

interface Line {
  msg: string | undefined;
  obj: object;
}

function recordingLogger(lines: Line[]): ChildLogger {
  const at = (obj: object, msg?: string) => void lines.push({ obj, msg });
  const log: ChildLogger = { debug: at, info: at, warn: at, error: at, child: () => log };
  return log;
}

const rerun = (installationId: number, n: number): JobDescription => ({
  kind: "rerun",
  pr: { owner: "acme", repo: "api", pullNumber: n },
  installationId,
  delivery: `delivery-${installationId}-${n}`,
});

const push = (sha: string, trigger: "opened" | "synchronize" | "ready_for_review" = "synchronize"): JobDescription => ({
  kind: "pull_request",
  ref: { owner: "acme", repo: "api", pullNumber: 42, headSha: sha },
  installationId: 1,
  facts: { trigger, draft: false, author: "octo", labels: [], title: "t" },
});

describeWithRedis("the BullMQ queue itself", () => {
  let prefix = "";
  let queues: ReviewQueue[] = [];
  const lines: Line[] = [];
  const log = recordingLogger(lines);
  const queue = (concurrency = 1) => {
    const q = createRedisQueue({ url: REDIS_TEST_URL, prefix, concurrency, attempts: 3, executor: createJobScheduler({ concurrency }) });
    queues.push(q);
    return q;
  };

  beforeEach(() => {
    prefix = uniquePrefix();
    queues = [];
    lines.length = 0;
  });
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await removeKeys(prefix);
  });

  it("lets installations take turns: the n-th waiting job of each goes before any (n+1)-th", async () => {
    const q = queue(1);
    const order: string[] = [];
    const gate = deferred();
    const first = deferred();
    q.start(async (d: JobDescription, _run: JobRun) => {
      const name = d.kind === "rerun" ? `${d.installationId === 1 ? "busy" : "small"}-${d.pr.pullNumber}` : "?";
      if (name === "busy-0") {
        first.resolve();
        await gate.promise;
      }
      order.push(name);
    }, log);
    await q.enqueue(rerun(1, 0), log);
    await first.promise;
    for (let n = 1; n <= 4; n++) await q.enqueue(rerun(1, n), log);
    for (let n = 1; n <= 2; n++) await q.enqueue(rerun(2, n), log);
    gate.resolve();
    await until(async () => order.length === 7 && (await q.pending()) === 0);
    expect(order).toEqual(["busy-0", "busy-1", "small-1", "busy-2", "small-2", "busy-3", "busy-4"]);
  });

  it("queues one job per head and trigger, and drops another trigger of a head still waiting", async () => {
    const q = queue(1);
    const gate = deferred();
    q.start(() => gate.promise, log);
    expect(await q.enqueue(push("a1"), log)).toBe("queued");
    expect(await q.enqueue(push("a1"), log)).toBe("duplicate");
    expect(await q.enqueue(push("a1", "ready_for_review"), log)).toBe("duplicate");
    expect(await q.enqueue(push("b2"), log)).toBe("queued");
    expect(await q.pending()).toBe(2);
    expect(await q.ready()).toBe(true);
    gate.resolve();
    await until(async () => (await q.pending()) === 0);
  });

  it("refuses a job when the whole queue holds BACKEND_REVIEW_MAX_QUEUED", async () => {
    const q = createRedisQueue({ url: REDIS_TEST_URL, prefix, concurrency: 1, maxPending: 1, attempts: 1, executor: createJobScheduler({ concurrency: 1 }) });
    queues.push(q);
    const gate = deferred();
    q.start(() => gate.promise, log);
    expect(await q.enqueue(rerun(1, 1), log)).toBe("queued");
    expect(await q.enqueue(rerun(1, 2), log)).toBe("full");
    gate.resolve();
  });

  it("at shutdown lets a running review finish, then exits", async () => {
    const scheduler = createJobScheduler({ concurrency: 1 });
    const q = createRedisQueue({ url: REDIS_TEST_URL, prefix, concurrency: 1, attempts: 1, executor: scheduler });
    queues.push(q);
    const started = deferred();
    const events: string[] = [];
    q.start(async () => {
      started.resolve();
      await new Promise((resolve) => setTimeout(resolve, 100));
      events.push("review finished");
    }, log);
    await q.enqueue(rerun(1, 1), log);
    await started.promise;
    const shutdown = createShutdown({
      stopServer: async () => void events.push("server stopped"),
      scheduler,
      queue: q,
      lifecycle: { shuttingDown: false },
      timeoutMs: 5_000,
      log,
      exit: (code) => void events.push(`exit ${code}`),
    });
    await shutdown("SIGTERM");
    expect(events).toEqual(["server stopped", "review finished", "exit 0"]);
    expect(lines.map((l) => l.msg)).not.toContainEqual(expect.stringContaining("left unfinished"));
  });

  it("at shutdown leaves a review that outlasts the timeout to another replica, and says so", async () => {
    const scheduler = createJobScheduler({ concurrency: 1 });
    const q = createRedisQueue({ url: REDIS_TEST_URL, prefix, concurrency: 1, attempts: 1, executor: scheduler });
    queues.push(q);
    const started = deferred();
    let aborted = false;
    q.start((_d, run) => {
      started.resolve();
      run.signal.addEventListener("abort", () => (aborted = true));
      return new Promise(() => {});
    }, log);
    await q.enqueue(rerun(1, 1), log);
    await started.promise;
    const exits: number[] = [];
    const shutdown = createShutdown({ stopServer: async () => {}, scheduler, queue: q, lifecycle: { shuttingDown: false }, timeoutMs: 50, log, exit: (code) => void exits.push(code) });
    await shutdown("SIGTERM");
    expect(exits).toEqual([0]);
    expect(aborted).toBe(false); // interrupting it would complete it in BullMQ: nobody would take it over
    expect(lines.map((l) => l.msg)).toContainEqual(expect.stringContaining("BullMQ's stalled-job check on another replica takes them over"));
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
