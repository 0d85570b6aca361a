import { describe, expect, it } from "vitest";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import { silentLogger } from "../../src/review/logger.js";

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("job scheduler: fairness between installations", () => {
  it("takes turns between groups, so a burst from one installation does not starve another", async () => {
    const scheduler = createJobScheduler({ concurrency: 1 });
    const order: string[] = [];
    const gate = deferred();
    scheduler.schedule("busy-0", async () => gate.promise.then(() => order.push("busy-0")), silentLogger, undefined, "busy-org");
    for (let i = 1; i <= 5; i++) scheduler.schedule(`busy-${i}`, async () => order.push(`busy-${i}`), silentLogger, undefined, "busy-org");
    scheduler.schedule("small-1", async () => order.push("small-1"), silentLogger, undefined, "small-org");
    scheduler.schedule("small-2", async () => order.push("small-2"), silentLogger, undefined, "small-org");
    gate.resolve();
    await scheduler.drain();
    // busy-org queued first, so it has the first turn; from then on the two alternate.
    expect(order).toEqual(["busy-0", "busy-1", "small-1", "busy-2", "small-2", "busy-3", "busy-4", "busy-5"]);
  });

  it("aborts queued and running jobs at shutdown with the reason, and reports how long jobs waited", async () => {
    const waits: number[] = [];
    const scheduler = createJobScheduler({ concurrency: 1, onStart: (ms) => waits.push(ms) });
    const reasons: unknown[] = [];
    const started = deferred();
    scheduler.schedule(
      "running",
      (signal) =>
        new Promise<void>((resolve) => {
          started.resolve();
          signal.addEventListener("abort", () => (reasons.push(signal.reason), resolve()));
        }),
      silentLogger,
    );
    let queuedRan = false;
    scheduler.schedule("queued", async () => void (queuedRan = true), silentLogger);
    await started.promise;
    expect(scheduler.running).toBe(1);
    expect(scheduler.pending).toBe(2);
    scheduler.abortAll("shutting down");
    await scheduler.drain();
    expect(reasons).toEqual(["shutting down"]);
    expect(queuedRan).toBe(false);
    expect(waits).toHaveLength(1);
  });
});
