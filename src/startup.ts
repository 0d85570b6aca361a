import type { AppDeps } from "./app-deps.js";
import { parseEnv, reviewLimitsFrom, type DeploymentEnv, type Role } from "./config/env.js";
import { createRateLimiter } from "./commands/rate-limiter.js";
import { createRepositoryFilter, splitList } from "./config/repository-filter.js";
import { createJobScheduler, type JobScheduler } from "./jobs/job-scheduler.js";
import { withNoticeQueue } from "./jobs/notice-queue.js";
import { createNoticeRunner } from "./jobs/notice-runner.js";
import { createMemoryQueue } from "./jobs/memory-queue.js";
import { createRedisQueue } from "./jobs/redis-queue.js";
import { TAKEOVER_TIMINGS } from "./jobs/redis-worker.js";
import type { ReviewQueue } from "./jobs/review-queue.js";
import { createRedisRateLimiter } from "./jobs/redis-rate-limiter.js";
import { createRedisTokenBudget, createTokenBudget } from "./jobs/token-budget.js";
import { connectRedis } from "./jobs/redis-connection.js";
import { createRedisNoticeClaims } from "./jobs/redis-notice-claims.js";
import { createRedisNoticeQueue, NOTICE_CONCURRENCY } from "./jobs/redis-notice-queue.js";
import { silentLogger, type Logger } from "./review/logger.js";
import { createAppMetrics } from "./metrics/app-metrics.js";
import { providerSettingsFrom } from "./config/provider-env.js";
import { createReviewModel, describeProvider } from "./model/create-review-model.js";
import { DEFAULT_AGENT_PATH, loadAgentFile, resolveModel } from "./review/agent.js";

export type Startup =
  | { ok: true; deps: AppDeps; shutdownTimeoutMs: number; role: Role; metricsPort: number }
  | { ok: false; problems: string[] };

/**
 * Everything the App needs before it may take a webhook: settings, the agent file, the model
 * client. Every problem is collected and named, so one start-up attempt shows them all.
 */
export async function prepareApp(source: NodeJS.ProcessEnv, log: Logger = silentLogger): Promise<Startup> {
  const parsed = parseEnv(source);
  if (!parsed.ok) return { ok: false, problems: parsed.errors };
  const env = parsed.env;
  const problems: string[] = [];
  const agent = await loadAgentFile(env.BACKEND_REVIEW_AGENT_FILE ?? DEFAULT_AGENT_PATH).catch((error: unknown) => {
    problems.push(messageOf(error));
    return undefined;
  });
  let model = agent?.model;
  if (env.BACKEND_REVIEW_MODEL) {
    try {
      model = resolveModel(env.BACKEND_REVIEW_MODEL);
    } catch (error) {
      problems.push(`BACKEND_REVIEW_MODEL ${messageOf(error)}`);
    }
  }
  const provider = providerSettingsFrom(env);
  const tuning = { maxRetries: env.BACKEND_REVIEW_MODEL_RETRIES, timeoutMs: env.BACKEND_REVIEW_MODEL_TIMEOUT_MS };
  const reviewModel = await createReviewModel(provider, tuning).catch((error: unknown) => {
    problems.push(messageOf(error));
    return undefined;
  });
  if (!agent || !model || !reviewModel || problems.length > 0) return { ok: false, problems };
  log.info({ provider: provider.provider, model }, `reviewer model: ${describeProvider(provider, model)}`);
  // The gauges read the queue only when scraped, after both exist.
  const metrics = createAppMetrics({ pending: () => queue.pending(), running: () => scheduler.running }, { defaults: true });
  const { scheduler, queue } = createQueue(env, (waitedMs) => metrics.queueWait(waitedMs / 1000));
  // With Redis, every replica shares the daily budget and the command cap.
  const redis = env.REDIS_URL === undefined ? undefined : connectRedis(env.REDIS_URL, "producer", log);
  // With Redis, notices are recorded there and sent by a replica that runs jobs, never by `web`.
  const noticeQueue =
    env.REDIS_URL === undefined
      ? undefined
      : createRedisNoticeQueue({ url: env.REDIS_URL, producer: redis, prefix: env.BACKEND_REVIEW_REDIS_PREFIX, concurrency: env.BACKEND_REVIEW_ROLE === "web" ? 0 : NOTICE_CONCURRENCY });
  return {
    ok: true,
    shutdownTimeoutMs: env.BACKEND_REVIEW_SHUTDOWN_TIMEOUT_MS,
    role: env.BACKEND_REVIEW_ROLE,
    metricsPort: env.METRICS_PORT,
    deps: {
      agent,
      model: reviewModel,
      settings: { ...reviewLimitsFrom(env), model },
      scheduler,
      // Shutdown stops and closes the notice queue with the review queue.
      queue: noticeQueue ? withNoticeQueue(queue, noticeQueue) : queue,
      noticeQueue,
      metrics,
      lifecycle: { shuttingDown: false },
      // Notices that are not data (the first @mention's slug lookup); with Redis one replica runs each.
      notices: createNoticeRunner({ shared: redis ? createRedisNoticeClaims(redis, env.BACKEND_REVIEW_REDIS_PREFIX) : undefined }),
      budget: redis && env.BACKEND_REVIEW_DAILY_TOKEN_BUDGET > 0
        ? createRedisTokenBudget(redis, env.BACKEND_REVIEW_DAILY_TOKEN_BUDGET, { prefix: env.BACKEND_REVIEW_REDIS_PREFIX, log })
        : createTokenBudget(env.BACKEND_REVIEW_DAILY_TOKEN_BUDGET),
      limiter: redis ? createRedisRateLimiter(redis, { prefix: env.BACKEND_REVIEW_REDIS_PREFIX, log }) : createRateLimiter(),
      repositoryFilter: createRepositoryFilter(splitList(env.BACKEND_REVIEW_ALLOW_REPOS), splitList(env.BACKEND_REVIEW_DENY_REPOS)),
    },
  };
}

/**
 * In this process by default. With REDIS_URL, BullMQ: the scheduler then only runs what this
 * replica's worker took (at most the same number at once), and the bound on waiting jobs is
 * checked against the whole queue. A `web` replica's worker gets no slot: it only queues.
 */
function createQueue(env: DeploymentEnv, onWait: (waitedMs: number) => void): { scheduler: JobScheduler; queue: ReviewQueue } {
  const concurrency = env.BACKEND_REVIEW_CONCURRENT_REVIEWS;
  if (env.REDIS_URL === undefined) {
    const scheduler = createJobScheduler({ concurrency, maxPending: env.BACKEND_REVIEW_MAX_QUEUED, onStart: onWait });
    return { scheduler, queue: createMemoryQueue(scheduler) };
  }
  const scheduler = createJobScheduler({ concurrency });
  const queue = createRedisQueue({
    url: env.REDIS_URL,
    prefix: env.BACKEND_REVIEW_REDIS_PREFIX,
    concurrency: env.BACKEND_REVIEW_ROLE === "web" ? 0 : concurrency,
    lockMs: TAKEOVER_TIMINGS.lockMs,
    stalledCheckMs: TAKEOVER_TIMINGS.stalledCheckMs,
    maxPending: env.BACKEND_REVIEW_MAX_QUEUED,
    attempts: env.BACKEND_REVIEW_JOB_ATTEMPTS,
    executor: scheduler,
    onWait,
  });
  return { scheduler, queue };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
