import { describe, expect, it } from "vitest";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import { createNoticeRunner } from "../../src/jobs/notice-runner.js";
import type { Logger } from "../../src/review/logger.js";
import { createShutdown } from "../../src/server/graceful-shutdown.js";

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (obj: object, msg?: string) => void lines.push(`${msg ?? ""} ${JSON.stringify(obj)}`);
  return { lines, debug: () => {}, info: at, warn: at, error: at };
}

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("the notice runner", () => {
  it("sends at most `concurrency` notices at once", async () => {
    const runner = createNoticeRunner({ concurrency: 2 });
    const g = gate();
    let running = 0;
    let most = 0;
    for (let n = 0; n < 6; n++) {
      runner.post(`k${n}`, async () => {
        most = Math.max(most, ++running);
        await g.opened;
        running -= 1;
      }, recorder());
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(running).toBe(2);
    g.open();
    await runner.drain();
    expect(most).toBe(2);
    expect(runner.pending).toBe(0);
  });

  it("drops a notice when its backlog is full, and says so in the log", async () => {
    const runner = createNoticeRunner({ concurrency: 1, maxPending: 2 });
    const g = gate();
    const log = recorder();
    const sent: string[] = [];
    const send = (key: string) => async () => {
      await g.opened;
      sent.push(key);
    };
    expect(["a", "b", "c"].map((k) => runner.post(k, send(k), log))).toEqual(["queued", "queued", "dropped"]);
    expect(log.lines).toEqual([expect.stringMatching(/^too many GitHub notices waiting: this one is dropped \{"notice":"c","pending":2\}/)]);
    g.open();
    await runner.drain();
    expect(sent).toEqual(["a", "b"]);
  });

  it("sends one notice per key, and again after a failed one", async () => {
    const runner = createNoticeRunner();
    const log = recorder();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error("GitHub said 502");
    };
    expect(runner.post("pr@sha", failing, log)).toBe("queued");
    expect(runner.post("pr@sha", failing, log)).toBe("coalesced");
    await runner.drain();
    expect(calls).toBe(1);
    expect(log.lines).toEqual([expect.stringMatching(/^could not post the notice on GitHub .*"notice":"pr@sha"/)]);
    expect(runner.post("pr@sha", async () => void (calls += 1), log)).toBe("queued");
    await runner.drain();
    expect(runner.post("pr@sha", async () => void (calls += 1), log)).toBe("coalesced");
    expect(calls).toBe(2);
  });

  it("forgets the oldest keys beyond `remember`", async () => {
    const runner = createNoticeRunner({ remember: 2 });
    const log = recorder();
    for (const key of ["a", "b", "c"]) runner.post(key, async () => {}, log);
    await runner.drain();
    expect(runner.post("c", async () => {}, log)).toBe("coalesced");
    expect(runner.post("a", async () => {}, log)).toBe("queued");
  });

  it("is waited for at shutdown: a notice still on its way is sent before the process exits", async () => {
    const runner = createNoticeRunner();
    const g = gate();
    const events: string[] = [];
    runner.post("pr@sha", async () => {
      await g.opened;
      events.push("notice sent");
    }, recorder());
    const shutdown = createShutdown({
      stopServer: async () => {
        events.push("server stopped");
        setTimeout(g.open, 20);
      },
      scheduler: createJobScheduler({ concurrency: 1 }),
      notices: runner,
      lifecycle: { shuttingDown: false },
      timeoutMs: 2_000,
      log: recorder(),
      exit: (code) => void events.push(`exit ${code}`),
    });
    await shutdown("SIGTERM");
    expect(events).toEqual(["server stopped", "notice sent", "exit 0"]);
  });

  it("at shutdown leaves a notice that outlasts the timeout, and says so", async () => {
    const runner = createNoticeRunner();
    const events: string[] = [];
    const log = recorder();
    runner.post("pr@sha", () => new Promise(() => {}), log);
    const shutdown = createShutdown({
      stopServer: async () => {},
      scheduler: createJobScheduler({ concurrency: 1 }),
      notices: runner,
      lifecycle: { shuttingDown: false },
      timeoutMs: 30,
      log,
      exit: (code) => void events.push(`exit ${code}`),
    });
    await shutdown("SIGTERM");
    expect(events).toEqual(["exit 0"]);
    expect(log.lines).toContainEqual(expect.stringMatching(/^GitHub notices still unsent after 30 ms: left \{"unsent":1\}/));
  });
});
