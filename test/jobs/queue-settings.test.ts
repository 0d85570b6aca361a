import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/env.js";
import { isJobDescription, jobIdOf, type JobDescription } from "../../src/jobs/job-description.js";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import { createMemoryQueue } from "../../src/jobs/memory-queue.js";
import { redactRedisUrl } from "../../src/jobs/redis-connection.js";
import { createRedisQueue } from "../../src/jobs/redis-queue.js";
import type { ChildLogger, ReviewQueue } from "../../src/jobs/review-queue.js";
import { createAppMetrics } from "../../src/metrics/app-metrics.js";
import { createOpsHandler } from "../../src/server/ops-handler.js";

const base = { ANTHROPIC_API_KEY: "sk-ant-secret-value" };

describe("REDIS_URL", () => {
  it.each(["redis://127.0.0.1:6379", "rediss://:s3cret@redis.internal:6380/2", "redis://user:pw@host"])("accepts %s", (url) => {
    const parsed = parseEnv({ ...base, REDIS_URL: url });
    expect(parsed.ok && parsed.env.REDIS_URL).toBe(url);
  });

  it("leaves the queue in process when unset or empty, with 3 attempts by default", () => {
    for (const source of [base, { ...base, REDIS_URL: "  " }]) {
      const parsed = parseEnv(source);
      expect(parsed.ok && [parsed.env.REDIS_URL, parsed.env.BACKEND_REVIEW_JOB_ATTEMPTS]).toEqual([undefined, 3]);
    }
  });

  it.each(["http://redis:6379", "redis-host:6379", "not a url :hunter2@"])("refuses %s without echoing it", (url) => {
    const parsed = parseEnv({ ...base, REDIS_URL: url });
    expect(parsed).toEqual({ ok: false, errors: ["REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://:password@redis.internal:6379/0"] });
    expect(JSON.stringify(parsed)).not.toContain("hunter2");
  });

  it("never shows the password in logs", () => {
    expect(redactRedisUrl("rediss://default:hunter2@redis.internal:6380/1")).toBe("rediss://default:***@redis.internal:6380/1");
    expect(redactRedisUrl("redis://127.0.0.1:6399")).toBe("redis://127.0.0.1:6399");
  });
});

describe("job descriptions", () => {
  const push = (trigger: "opened" | "reopened"): JobDescription => ({
    kind: "pull_request",
    ref: { owner: "acme", repo: "api.v2", pullNumber: 7, headSha: "f00" },
    installationId: 3,
    facts: { trigger, draft: false, author: "octo", labels: [], title: "t" },
  });

  it("get one queue-wide id per repository, pull request, head and trigger, without ':'", () => {
    expect(jobIdOf(push("opened"))).toBe("pr|acme/api.v2#7|f00|opened");
    expect(jobIdOf(push("reopened"))).not.toBe(jobIdOf(push("opened")));
    expect(jobIdOf(push("opened"))).not.toContain(":");
  });

  it("survive a round trip through JSON, and anything else is refused", () => {
    expect(isJobDescription(JSON.parse(JSON.stringify(push("opened"))))).toBe(true);
    expect(isJobDescription({ kind: "something-newer" })).toBe(false);
  });
});

const silent: ChildLogger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

async function readyz(queue: ReviewQueue): Promise<{ status: number; body: string }> {
  const handler = createOpsHandler(createAppMetrics({ pending: () => 0, running: () => 0 }), { shuttingDown: false }, () => queue.ready());
  const result = { status: 0, body: "" };
  const res = { writeHead: (status: number) => (result.status = status), end: (body: string) => (result.body = body) };
  await handler({ method: "GET", url: "/readyz" } as IncomingMessage, res as unknown as ServerResponse);
  return result;
}

describe("/readyz and the queue", () => {
  it("is ready with the in-process queue", async () => {
    expect(await readyz(createMemoryQueue(createJobScheduler({ concurrency: 1 })))).toEqual({ status: 200, body: "ready\n" });
  });

  it("answers 503 while Redis is unreachable", async () => {
    const queue = createRedisQueue({ url: "redis://127.0.0.1:1", concurrency: 1, attempts: 1, executor: createJobScheduler({ concurrency: 1 }) });
    queue.start(async () => {}, silent);
    try {
      expect(await readyz(queue)).toEqual({ status: 503, body: "queue unreachable (Redis)\n" });
    } finally {
      await queue.close();
    }
  });
});
