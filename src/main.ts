import { run } from "probot";
import { createApp } from "./app.js";
import { parseEnv, type DeploymentEnv } from "./config/env.js";
import { createJobScheduler } from "./jobs/job-scheduler.js";
import { createAnthropicModel } from "./model/anthropic-model.js";
import { DEFAULT_AGENT_PATH, loadAgentFile, resolveModel, type AgentDefinition } from "./review/agent.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "./review/review-settings.js";

/**
 * `npm start`: checks our settings and the agent file before Probot starts, so the App never runs
 * half-working. Without App credentials Probot serves its set-up page, which needs neither.
 */
async function main(): Promise<void> {
  const hasAppCredentials = Boolean(process.env.APP_ID && (process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH));
  if (!hasAppCredentials && process.env.NODE_ENV !== "production") {
    console.warn("backend-review: APP_ID/PRIVATE_KEY not set; starting Probot's set-up flow to register the App.");
    console.warn("backend-review: set ANTHROPIC_API_KEY too before the App starts reviewing.");
    await run(() => {});
    return;
  }
  const parsed = parseEnv(process.env);
  if (!parsed.ok) fail(["invalid environment:", ...parsed.errors.map((e) => `  - ${e}`)]);
  const env = parsed.env;
  const agentPath = env.BACKEND_REVIEW_AGENT_FILE ?? DEFAULT_AGENT_PATH;
  const agent = await loadAgentFile(agentPath).catch((error: unknown) => fail([errorMessage(error)]));
  const settings = settingsFrom(env, agent);
  const model = createAnthropicModel({
    apiKey: env.ANTHROPIC_API_KEY,
    baseURL: env.ANTHROPIC_BASE_URL,
    maxRetries: env.BACKEND_REVIEW_MODEL_RETRIES,
    timeoutMs: env.BACKEND_REVIEW_MODEL_TIMEOUT_MS,
  });
  const scheduler = createJobScheduler({ concurrency: env.BACKEND_REVIEW_CONCURRENT_REVIEWS });
  await run(createApp({ model, agent, settings, scheduler }));
}

function settingsFrom(env: DeploymentEnv, agent: AgentDefinition): ReviewSettings {
  let model = agent.model;
  if (env.BACKEND_REVIEW_MODEL) {
    try {
      model = resolveModel(env.BACKEND_REVIEW_MODEL);
    } catch (error) {
      fail([`BACKEND_REVIEW_MODEL ${errorMessage(error)}`]);
    }
  }
  return {
    ...DEFAULT_REVIEW_SETTINGS,
    model,
    concurrency: env.BACKEND_REVIEW_MODEL_CONCURRENCY,
    chunkTokens: env.BACKEND_REVIEW_CHUNK_TOKENS,
    reviewTokens: env.BACKEND_REVIEW_MAX_INPUT_TOKENS,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fail(lines: string[]): never {
  console.error(`backend-review cannot start: ${lines.join("\n")}`);
  process.exit(1);
}

await main();
