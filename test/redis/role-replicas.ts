import type { Probot } from "probot";
import { createApp } from "../../src/app.js";
import type { AppDeps } from "../../src/app-deps.js";
import { createRateLimiter } from "../../src/commands/rate-limiter.js";
import type { Role } from "../../src/config/env.js";
import { createJobScheduler } from "../../src/jobs/job-scheduler.js";
import type { NoticeQueue } from "../../src/jobs/notice-queue.js";
import { createNoticeRunner, type NoticeRunner } from "../../src/jobs/notice-runner.js";
import { createRedisNoticeQueue } from "../../src/jobs/redis-notice-queue.js";
import { createRedisQueue } from "../../src/jobs/redis-queue.js";
import type { ReviewQueue } from "../../src/jobs/review-queue.js";
import { createTokenBudget } from "../../src/jobs/token-budget.js";
import { createAppMetrics } from "../../src/metrics/app-metrics.js";
import { DEFAULT_AGENT_PATH, loadAgentFile } from "../../src/review/agent.js";
import type { ReviewModel } from "../../src/review/model.js";
import { DEFAULT_REVIEW_SETTINGS } from "../../src/review/review-settings.js";
import { createTestProbot } from "../helpers/test-probot.js";
import { REDIS_TEST_URL } from "./redis-harness.js";

export interface RoleReplica {
  probot: Probot;
  queue: ReviewQueue;
  noticeQueue: NoticeQueue;
  /** The in-process notice runner: a notice sent from this process (not through Redis) would go here. */
  notices: NoticeRunner;
  /** Probot's own receive: resolves when Probot would answer the webhook. */
  deliver(name: string, payload: Record<string, unknown>, id: string): Promise<void>;
  close(): Promise<void>;
}

/** No review runs in these tests (every job is refused): a model call would be a bug. */
const noModel: ReviewModel = {
  reportFindings: () => Promise.reject(new Error("no review runs in this test")),
  explain: () => Promise.reject(new Error("no review runs in this test")),
};

/**
 * One replica in `role`, as startup builds it with REDIS_URL: the review queue refusing every job
 * (a full queue), and the notice queue, whose sender slots only a replica that runs jobs has.
 */
export async function createRoleReplica(prefix: string, role: Role, { backoffMs = 50 }: { backoffMs?: number } = {}): Promise<RoleReplica> {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  const scheduler = createJobScheduler({ concurrency: 1 });
  const slots = role === "web" ? 0 : 2;
  const queue = createRedisQueue({ url: REDIS_TEST_URL, prefix, concurrency: slots, maxPending: 0, attempts: 1, executor: scheduler });
  const noticeQueue = createRedisNoticeQueue({ url: REDIS_TEST_URL, prefix, concurrency: slots, backoffMs });
  const notices = createNoticeRunner();
  const deps: AppDeps = {
    model: noModel,
    agent,
    settings: { ...DEFAULT_REVIEW_SETTINGS, model: agent.model },
    scheduler,
    queue,
    notices,
    noticeQueue,
    budget: createTokenBudget(0),
    repositoryFilter: () => true,
    limiter: createRateLimiter(),
    appSlug: "backend-review",
    metrics: createAppMetrics({ pending: () => queue.pending(), running: () => scheduler.running }),
    lifecycle: { shuttingDown: false },
  };
  const probot = createTestProbot(createApp(deps, { role }));
  return {
    probot,
    queue,
    noticeQueue,
    notices,
    deliver: (name, payload, id) => probot.receive({ id, name, payload } as unknown as Parameters<Probot["receive"]>[0]),
    async close() {
      await Promise.all([queue.close(), noticeQueue.close()]);
    },
  };
}

/** Waits until `done` holds, polling; fails naming `what` after `timeoutMs`. */
export async function until(what: string, done: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`still not ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
