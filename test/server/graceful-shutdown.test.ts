import { describe, expect, it } from "vitest";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import { silentLogger } from "../../src/review/logger.js";
import { createShutdown, SHUTDOWN_REASON } from "../../src/server/graceful-shutdown.js";

function setup(jobMs: number, timeoutMs: number) {
  const scheduler = createJobScheduler({ concurrency: 2 });
  const lifecycle = { shuttingDown: false };
  const events: string[] = [];
  scheduler.schedule(
    "review",
    (signal) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => (events.push("review finished"), resolve()), jobMs);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          events.push(`review aborted: ${String(signal.reason)}`);
          resolve();
        });
      }),
    silentLogger,
  );
  const shutdown = createShutdown({
    stopServer: async () => void events.push(`server stopped (ready: ${!lifecycle.shuttingDown})`),
    scheduler,
    lifecycle,
    timeoutMs,
    log: silentLogger,
    exit: (code) => void events.push(`exit ${code}`),
  });
  return { shutdown, events };
}

describe("graceful shutdown", () => {
  it("stops taking webhooks and lets a running review finish before exiting", async () => {
    const { shutdown, events } = setup(30, 2_000);
    await shutdown("SIGTERM");
    expect(events).toEqual(["server stopped (ready: false)", "review finished", "exit 0"]);
  });

  it("interrupts a review that outlasts the timeout, so its check can say to re-run it", async () => {
    const { shutdown, events } = setup(10_000, 50);
    await shutdown("SIGTERM");
    expect(events).toEqual(["server stopped (ready: false)", `review aborted: ${SHUTDOWN_REASON}`, "exit 0"]);
  });

  it("runs once when both SIGTERM and SIGINT arrive", async () => {
    const { shutdown, events } = setup(10, 1_000);
    await Promise.all([shutdown("SIGTERM"), shutdown("SIGINT")]);
    expect(events.filter((e) => e.startsWith("exit"))).toEqual(["exit 0"]);
  });
});
