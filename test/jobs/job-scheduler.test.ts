import { describe, expect, it } from "vitest";
import { createJobScheduler, type JobKey, type JobScheduler } from "../../src/jobs/job-scheduler.js";
import type { Logger } from "../../src/review/logger.js";

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

interface LogCall {
  level: keyof Logger;
  obj: object;
  msg: string | undefined;
}

function fakeLogger(): Logger & { calls: LogCall[] } {
  const calls: LogCall[] = [];
  const at = (level: keyof Logger) => (obj: object, msg?: string) => {
    calls.push({ level, obj, msg });
  };
  return { calls, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * A job the test moves forward by hand: `started` resolves (with the job's signal) when the
 * scheduler runs it, and the job finishes only when the test calls `finish` or `fail`.
 */
interface Controlled {
  run: (signal: AbortSignal) => Promise<unknown>;
  started: Promise<AbortSignal>;
  /** Undefined until the scheduler started the job. */
  signal(): AbortSignal | undefined;
  finish(): void;
  fail(error: unknown): void;
}

function controlled(name: string, events: string[]): Controlled {
  const started = deferred<AbortSignal>();
  const done = deferred<void>();
  let seen: AbortSignal | undefined;
  return {
    run: async (signal) => {
      seen = signal;
      events.push(`start ${name}`);
      started.resolve(signal);
      await done.promise;
      events.push(`end ${name}`);
    },
    started: started.promise,
    signal: () => seen,
    finish: () => done.resolve(),
    fail: (error) => done.reject(error),
  };
}

/**
 * Lets every promise callback that is already due run (the scheduler starts jobs a few microtasks
 * after `schedule`). It moves no job forward: jobs only finish when a test resolves them.
 */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const PR = (version: string): JobKey => ({ subject: "acme/api#42", version });

function setup(concurrency: number): { scheduler: JobScheduler; log: ReturnType<typeof fakeLogger>; events: string[] } {
  return { scheduler: createJobScheduler({ concurrency }), log: fakeLogger(), events: [] };
}

describe("createJobScheduler: concurrency", () => {
  it.each([1, 2, 3])("runs at most %i jobs at once and runs them all in the end", async (concurrency) => {
    const { scheduler, log, events } = setup(concurrency);
    const jobs = ["a", "b", "c", "d", "e"].map((name) => controlled(name, events));
    for (const [i, job] of jobs.entries()) scheduler.schedule(`job ${i}`, job.run, log);
    await settle();
    expect(events).toEqual(jobs.slice(0, concurrency).map((_, i) => `start ${"abcde"[i]}`));
    expect(scheduler.pending).toBe(5);

    let maxActive = concurrency;
    for (const job of jobs) {
      await job.started;
      job.finish();
      await settle();
      const active = events.filter((e) => e.startsWith("start")).length - events.filter((e) => e.startsWith("end")).length;
      maxActive = Math.max(maxActive, active);
    }
    await scheduler.drain();
    expect(maxActive).toBe(concurrency);
    expect(events.filter((e) => e.startsWith("end"))).toHaveLength(5);
    expect(scheduler.pending).toBe(0);
    expect(log.calls).toEqual([]);
  });
});

describe("createJobScheduler: keyed jobs coalesce", () => {
  it("drops a duplicate of a queued job: only one of them runs", async () => {
    const { scheduler, log, events } = setup(1);
    const blocker = controlled("blocker", events);
    const first = controlled("v1 first", events);
    const again = controlled("v1 again", events);
    scheduler.schedule("blocker", blocker.run, log);
    scheduler.schedule("review", first.run, log, PR("v1"));
    scheduler.schedule("review", again.run, log, PR("v1"));
    expect(scheduler.pending).toBe(2);
    expect(log.calls).toEqual([
      { level: "info", obj: { subject: "acme/api#42", version: "v1" }, msg: "same job already queued or running; dropped" },
    ]);

    blocker.finish();
    await first.started;
    first.finish();
    await scheduler.drain();
    expect(events).toEqual(["start blocker", "end blocker", "start v1 first", "end v1 first"]);
  });

  it("drops a duplicate of a running job and leaves the running one alone", async () => {
    const { scheduler, log, events } = setup(2);
    const running = controlled("v1", events);
    const duplicate = controlled("v1 again", events);
    scheduler.schedule("review", running.run, log, PR("v1"));
    const signal = await running.started;
    scheduler.schedule("review", duplicate.run, log, PR("v1"));
    await settle();
    expect(signal.aborted).toBe(false);
    expect(scheduler.pending).toBe(1);

    running.finish();
    await scheduler.drain();
    expect(events).toEqual(["start v1", "end v1"]);
    expect(log.calls.map((c) => c.msg)).toEqual(["same job already queued or running; dropped"]);
  });

  it("replaces a queued older version: the older one never starts", async () => {
    const { scheduler, log, events } = setup(1);
    const blocker = controlled("blocker", events);
    const older = controlled("v1", events);
    const newer = controlled("v2", events);
    scheduler.schedule("blocker", blocker.run, log);
    scheduler.schedule("review", older.run, log, PR("v1"));
    scheduler.schedule("review", newer.run, log, PR("v2"));

    blocker.finish();
    const signal = await newer.started;
    expect(signal.aborted).toBe(false);
    newer.finish();
    await scheduler.drain();
    expect(events).toEqual(["start blocker", "end blocker", "start v2", "end v2"]);
    expect(older.signal()).toBeUndefined();
    expect(log.calls).toEqual([]);
  });

  it("aborts a running older version with the reason 'superseded by <version>'", async () => {
    const { scheduler, log, events } = setup(2);
    const older = controlled("v1", events);
    const newer = controlled("v2", events);
    scheduler.schedule("review", older.run, log, PR("0a1b2c3"));
    const olderSignal = await older.started;
    expect(olderSignal.aborted).toBe(false);

    scheduler.schedule("review", newer.run, log, PR("4d5e6f7"));
    expect(olderSignal.aborted).toBe(true);
    expect(olderSignal.reason).toBe("superseded by 4d5e6f7");

    const newerSignal = await newer.started;
    expect(newerSignal.aborted).toBe(false);
    older.finish();
    newer.finish();
    await scheduler.drain();
    expect(events).toEqual(["start v1", "start v2", "end v1", "end v2"]);
  });

  it("only the newest of three versions runs after the one already running", async () => {
    const { scheduler, log, events } = setup(1);
    const v1 = controlled("v1", events);
    const v2 = controlled("v2", events);
    const v3 = controlled("v3", events);
    scheduler.schedule("review", v1.run, log, PR("v1"));
    const v1Signal = await v1.started;
    scheduler.schedule("review", v2.run, log, PR("v2"));
    scheduler.schedule("review", v3.run, log, PR("v3"));
    expect(v1Signal.reason).toBe("superseded by v2");

    v1.finish();
    await v3.started;
    v3.finish();
    await scheduler.drain();
    expect(events).toEqual(["start v1", "end v1", "start v3", "end v3"]);
  });

  it("still drops a duplicate of the newer version after the superseded older one finished", async () => {
    const { scheduler, log, events } = setup(2);
    const older = controlled("v1", events);
    const newer = controlled("v2", events);
    const duplicate = controlled("v2 again", events);
    scheduler.schedule("review", older.run, log, PR("v1"));
    await older.started;
    scheduler.schedule("review", newer.run, log, PR("v2"));
    await newer.started;
    older.finish();
    await settle();

    scheduler.schedule("review", duplicate.run, log, PR("v2"));
    newer.finish();
    await scheduler.drain();
    expect(events).toEqual(["start v1", "start v2", "end v1", "end v2"]);
    expect(log.calls.map((c) => c.msg)).toEqual(["same job already queued or running; dropped"]);
  });

  it("runs the same version again once the first run finished (e.g. a re-requested check)", async () => {
    const { scheduler, log, events } = setup(1);
    const first = controlled("first", events);
    const second = controlled("second", events);
    scheduler.schedule("review", first.run, log, PR("v1"));
    await first.started;
    first.finish();
    await scheduler.drain();

    scheduler.schedule("review", second.run, log, PR("v1"));
    const signal = await second.started;
    expect(signal.aborted).toBe(false);
    second.finish();
    await scheduler.drain();
    expect(events).toEqual(["start first", "end first", "start second", "end second"]);
    expect(log.calls).toEqual([]);
  });

  it("runs the same version again after the first run crashed", async () => {
    const { scheduler, log, events } = setup(1);
    const first = controlled("first", events);
    const second = controlled("second", events);
    scheduler.schedule("review", first.run, log, PR("v1"));
    await first.started;
    first.fail(new Error("GitHub 502"));
    await scheduler.drain();

    scheduler.schedule("review", second.run, log, PR("v1"));
    await second.started;
    second.finish();
    await scheduler.drain();
    expect(events).toEqual(["start first", "start second", "end second"]);
  });
});

describe("createJobScheduler: jobs that must not interfere", () => {
  it("never aborts or drops unkeyed jobs, whatever else is scheduled", async () => {
    const { scheduler, log, events } = setup(3);
    const a = controlled("a", events);
    const b = controlled("b", events);
    const keyed = controlled("keyed", events);
    scheduler.schedule("installation", a.run, log);
    scheduler.schedule("installation", b.run, log);
    scheduler.schedule("review", keyed.run, log, PR("v1"));
    const signals = await Promise.all([a.started, b.started, keyed.started]);
    expect(signals.map((s) => s.aborted)).toEqual([false, false, false]);
    for (const job of [a, b, keyed]) job.finish();
    await scheduler.drain();
    expect(events.filter((e) => e.startsWith("end"))).toHaveLength(3);
    expect(log.calls).toEqual([]);
  });

  it("keeps keyed jobs of different pull requests apart, even with the same version", async () => {
    const { scheduler, log, events } = setup(2);
    const pr42 = controlled("#42", events);
    const pr43 = controlled("#43", events);
    scheduler.schedule("review", pr42.run, log, { subject: "acme/api#42", version: "v1" });
    scheduler.schedule("review", pr43.run, log, { subject: "acme/api#43", version: "v1" });
    const signals = await Promise.all([pr42.started, pr43.started]);
    expect(signals.map((s) => s.aborted)).toEqual([false, false]);
    pr42.finish();
    pr43.finish();
    await scheduler.drain();
    expect(log.calls).toEqual([]);
  });
});

describe("createJobScheduler: drain and crashes", () => {
  it("drain waits for running and queued jobs", async () => {
    const { scheduler, log, events } = setup(1);
    const a = controlled("a", events);
    const b = controlled("b", events);
    scheduler.schedule("a", a.run, log);
    scheduler.schedule("b", b.run, log);
    let drained = false;
    const draining = scheduler.drain().then(() => {
      drained = true;
    });

    await a.started;
    a.finish();
    await b.started;
    await settle();
    expect(drained).toBe(false);
    b.finish();
    await draining;
    expect(drained).toBe(true);
    expect(events).toEqual(["start a", "end a", "start b", "end b"]);
    expect(scheduler.pending).toBe(0);
  });

  it("drain also waits for a job scheduled while it was waiting", async () => {
    const { scheduler, log, events } = setup(2);
    const a = controlled("a", events);
    const late = controlled("late", events);
    scheduler.schedule("a", a.run, log);
    let drained = false;
    const draining = scheduler.drain().then(() => {
      drained = true;
    });
    await a.started;
    scheduler.schedule("late", late.run, log);
    a.finish();
    await late.started;
    await settle();
    expect(events).toEqual(["start a", "start late", "end a"]);
    expect(drained).toBe(false);
    late.finish();
    await draining;
    expect(events).toEqual(["start a", "start late", "end a", "end late"]);
  });

  it("drain resolves at once when nothing was scheduled", async () => {
    await expect(setup(1).scheduler.drain()).resolves.toBeUndefined();
  });

  it.each([
    ["rejects", (error: Error) => () => Promise.reject(error)],
    [
      "throws before returning a promise",
      (error: Error) => (): Promise<unknown> => {
        throw error;
      },
    ],
  ])("a job that %s is logged with its label and the others still run", async (_how, crashing) => {
    const { scheduler, log, events } = setup(1);
    const error = new Error("Resource not accessible by integration");
    const before = controlled("before", events);
    const after = controlled("after", events);
    scheduler.schedule("review acme/api#42", before.run, log);
    scheduler.schedule("review acme/api#43", crashing(error), log, PR("v1"));
    scheduler.schedule("review acme/api#44", after.run, log);

    await before.started;
    before.finish();
    await after.started;
    after.finish();
    await scheduler.drain();
    expect(events).toEqual(["start before", "end before", "start after", "end after"]);
    expect(log.calls).toEqual([{ level: "error", obj: { err: error, job: "review acme/api#43" }, msg: "job crashed" }]);
    expect(scheduler.pending).toBe(0);
  });

  it("logs a crash on the logger given with that job", async () => {
    const scheduler = createJobScheduler({ concurrency: 2 });
    const quiet = fakeLogger();
    const noisy = fakeLogger();
    const events: string[] = [];
    const ok = controlled("ok", events);
    scheduler.schedule("ok", ok.run, quiet);
    scheduler.schedule("boom", () => Promise.reject(new Error("boom")), noisy);
    ok.finish();
    await scheduler.drain();
    expect(quiet.calls).toEqual([]);
    expect(noisy.calls.map((c) => [c.level, c.msg])).toEqual([["error", "job crashed"]]);
  });
});
