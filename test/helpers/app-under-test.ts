import nock from "nock";
import type { Probot } from "probot";
import { createApp } from "../../src/app.js";
import { createJobScheduler, type JobScheduler } from "../../src/jobs/job-scheduler.js";
import { createAnthropicModel } from "../../src/model/anthropic-model.js";
import { DEFAULT_AGENT_PATH, loadAgentFile } from "../../src/review/agent.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../../src/review/review-settings.js";
import { createTestProbot } from "./test-probot.js";

export const GITHUB = "https://api.github.com";
export const ANTHROPIC = "https://api.anthropic.com";

export interface AppUnderTest {
  probot: Probot;
  scheduler: JobScheduler;
  /** Delivers a webhook and waits for the review jobs it scheduled. */
  receive(name: string, payload: Record<string, unknown>): Promise<void>;
}

/** The real App, real Anthropic client and real agent file; only the network is nock. */
export async function createAppUnderTest(overrides: Partial<ReviewSettings> = {}): Promise<AppUnderTest> {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  const model = createAnthropicModel({ apiKey: "sk-ant-test-key", maxRetries: 2, timeoutMs: 10_000 });
  const scheduler = createJobScheduler({ concurrency: 2 });
  const settings: ReviewSettings = { ...DEFAULT_REVIEW_SETTINGS, model: agent.model, ...overrides };
  const probot = createTestProbot(createApp({ model, agent, settings, scheduler }));
  return {
    probot,
    scheduler,
    async receive(name, payload) {
      // The payload types of the examples lag Probot's; the runtime shape is what GitHub sends.
      await probot.receive({ id: "delivery-1", name, payload } as unknown as Parameters<Probot["receive"]>[0]);
      await scheduler.drain();
    },
  };
}

/** The installation token exchange every Probot octokit call starts with. */
export function mockInstallationToken(): nock.Scope {
  return nock(GITHUB)
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: { pull_requests: "write", checks: "write" } });
}

export function useNock(): void {
  nock.disableNetConnect();
}

export function resetNock(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}
