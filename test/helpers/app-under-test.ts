import nock from "nock";
import type { Probot } from "probot";
import { createApp } from "../../src/app.js";
import type { AppDeps } from "../../src/app-deps.js";
import { createRateLimiter } from "../../src/commands/rate-limiter.js";
import { createJobScheduler, type JobScheduler } from "../../src/jobs/job-scheduler.js";
import { createMemoryQueue } from "../../src/jobs/memory-queue.js";
import { createNoticeRunner, type NoticeRunner } from "../../src/jobs/notice-runner.js";
import type { ReviewQueue } from "../../src/jobs/review-queue.js";
import { createTokenBudget } from "../../src/jobs/token-budget.js";
import { createAppMetrics } from "../../src/metrics/app-metrics.js";
import { createAnthropicModel } from "../../src/model/anthropic-model.js";
import { DEFAULT_AGENT_PATH, loadAgentFile } from "../../src/review/agent.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../../src/review/review-settings.js";
import { resetHistoryReads } from "./history-mocks.js";
import { createTestProbot } from "./test-probot.js";

export const GITHUB = "https://api.github.com";
export const ANTHROPIC = "https://api.anthropic.com";

export interface AppUnderTest {
  probot: Probot;
  /** Runs this App's jobs (all of them with the in-process queue; those its worker took with Redis). */
  scheduler: JobScheduler;
  queue: ReviewQueue;
  /** GitHub calls the handlers left for after the webhook's answer. */
  notices: NoticeRunner;
  /** Delivers a webhook and waits for the review jobs and notices it scheduled. */
  receive(name: string, payload: Record<string, unknown>): Promise<void>;
}

/**
 * The real App, real Anthropic client and real agent file; only the network is nock. The queue is
 * in-process unless `deps` brings one (with its `scheduler`, as tests of the Redis queue do).
 */
export async function createAppUnderTest(overrides: Partial<ReviewSettings> = {}, deps: Partial<AppDeps> = {}): Promise<AppUnderTest> {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  const model = createAnthropicModel({ apiKey: "sk-ant-test-key", maxRetries: 2, timeoutMs: 10_000 });
  const scheduler = deps.scheduler ?? createJobScheduler({ concurrency: 2 });
  const queue = deps.queue ?? createMemoryQueue(scheduler);
  const notices = deps.notices ?? createNoticeRunner();
  const settings: ReviewSettings = { ...DEFAULT_REVIEW_SETTINGS, model: agent.model, ...overrides };
  const probot = createTestProbot(
    createApp({ model, agent, settings, scheduler, queue, notices, budget: createTokenBudget(0),
      repositoryFilter: () => true,
      limiter: createRateLimiter(),
      appSlug: "backend-review",
      metrics: createAppMetrics({ pending: () => queue.pending(), running: () => scheduler.running }),
      lifecycle: { shuttingDown: false },
      ...deps,
    }),
  );
  return {
    probot,
    scheduler,
    queue,
    notices,
    async receive(name, payload) {
      // The payload types of the examples lag Probot's; the runtime shape is what GitHub sends.
      await probot.receive({ id: "delivery-1", name, payload } as unknown as Parameters<Probot["receive"]>[0]);
      await Promise.all([scheduler.drain(), notices.drain()]);
    },
  };
}

/** The installation token exchange every Probot octokit call starts with. */
export function mockInstallationToken(): nock.Scope {
  return nock(GITHUB)
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: { pull_requests: "write", checks: "write" } });
}

export { mockBotComments, mockConfig, mockHistory, mockNoConfig, mockOrgConfig } from "./history-mocks.js";

let unmatched: string[] = [];
const recordUnmatched = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);

/** Requests no mock answered: every test asserts there were none. */
export function unmatchedRequests(): string[] {
  return unmatched;
}

export function useNock(): void {
  unmatched = [];
  resetHistoryReads();
  nock.disableNetConnect();
  nock.emitter.on("no match", recordUnmatched);
}

export function resetNock(): void {
  nock.emitter.removeListener("no match", recordUnmatched);
  nock.cleanAll();
  resetHistoryReads();
  nock.enableNetConnect();
}
