import pino from "pino";
import { Probot, Server } from "probot";
import type { AnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import type { GitHubStandIn } from "../../dev/stand-ins/github-stand-in.js";
import { findFreePort } from "../../dev/stand-ins/http-kit.js";
import { createApp } from "../../src/app.js";
import type { JobScheduler } from "../../src/jobs/job-scheduler.js";
import type { Lifecycle } from "../../src/server/ops-handler.js";
import { prepareApp } from "../../src/startup.js";
import { testPrivateKey } from "../helpers/test-probot.js";

export interface RunningApp {
  /** `http://127.0.0.1:<port>`, where Probot serves the webhook path and /ping. */
  url: string;
  scheduler: JobScheduler;
  lifecycle: Lifecycle;
  stop(): Promise<void>;
}

/**
 * The App as `npm start` runs it, in this process so `npm test` needs no build: deps from
 * prepareApp (real Anthropic SDK client), Probot's own Server and webhook middleware (real
 * signature check), Octokit pointed at the GitHub stand-in as at a GitHub Enterprise host.
 */
export async function startInProcessApp(github: GitHubStandIn, anthropic: AnthropicStandIn, secret: string): Promise<RunningApp> {
  return startInProcessAppWithEnv(github, { ANTHROPIC_API_KEY: "e2e-key", ANTHROPIC_BASE_URL: anthropic.baseUrl }, secret);
}

/** The same, with the model settings in `modelEnv` (another provider and its stand-in). */
export async function startInProcessAppWithEnv(github: GitHubStandIn, modelEnv: Record<string, string>, secret: string): Promise<RunningApp> {
  // No retries: a failed model call should fail the test now, not after the SDK's backoff.
  const startup = await prepareApp({ ...modelEnv, BACKEND_REVIEW_MODEL_RETRIES: "0" });
  if (!startup.ok) throw new Error(`prepareApp refused the test settings: ${startup.problems.join("; ")}`);
  // Probot's Server reads port 0 as "use 3000", so a free port is found first.
  const port = await findFreePort();
  const server = new Server({
    host: "127.0.0.1",
    port,
    log: pino({ level: "silent" }),
    Probot: Probot.defaults({ appId: 1, privateKey: testPrivateKey(), secret, baseUrl: github.baseUrl }),
  });
  await server.load(createApp(startup.deps));
  await server.start();
  return {
    url: `http://127.0.0.1:${server.port}`,
    scheduler: startup.deps.scheduler,
    lifecycle: startup.deps.lifecycle,
    async stop() {
      await startup.deps.scheduler.drain();
      await server.stop();
    },
  };
}
