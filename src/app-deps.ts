import type { RateLimiter } from "./commands/rate-limiter.js";
import type { JobScheduler } from "./jobs/job-scheduler.js";
import type { NoticeQueue } from "./jobs/notice-queue.js";
import type { NoticeRunner } from "./jobs/notice-runner.js";
import type { ReviewQueue } from "./jobs/review-queue.js";
import type { AppMetrics } from "./metrics/app-metrics.js";
import type { Lifecycle } from "./server/ops-handler.js";
import type { TokenBudget } from "./jobs/token-budget.js";
import type { AgentDefinition } from "./review/agent.js";
import type { ReviewModel } from "./review/model.js";
import type { ReviewSettings } from "./review/review-settings.js";

/** What the App needs from outside; startup.ts builds the real ones, tests build their own. */
export interface AppDeps {
  model: ReviewModel;
  /** The built-in reviewer; a repository's configuration may name its own. */
  agent: AgentDefinition;
  /** The deployment's settings, narrowed per repository by its configuration. */
  settings: ReviewSettings;
  /** Where handlers put jobs: in this process, or BullMQ on Redis with `REDIS_URL`. */
  queue: ReviewQueue;
  /** GitHub calls a webhook needs (a "not reviewed" check), made after the webhook is answered. */
  notices: NoticeRunner;
  /**
   * With Redis: where notices ("not reviewed", a refused command's reply) are recorded as data for
   * a replica that runs jobs to send, so a `web` replica needs no installation token. Without it
   * they go through `notices` with the webhook's client.
   */
  noticeQueue?: NoticeQueue | undefined;
  /** Runs this process's jobs: every job with the in-process queue, those its worker took with Redis. */
  scheduler: JobScheduler;
  budget: TokenBudget;
  /** Whether this deployment serves an `owner/repo` at all. */
  repositoryFilter: (fullName: string) => boolean;
  /** Caps command-triggered reviews per pull request. */
  limiter: RateLimiter;
  /** The App's slug for `@slug review`; looked up from GitHub once when not given. */
  appSlug?: string | undefined;
  metrics: AppMetrics;
  lifecycle: Lifecycle;
}
