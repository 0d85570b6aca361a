import { createProbot, run, type ApplicationFunction } from "probot";
import type { Logger } from "pino";
import { createApp } from "./app.js";
import { AppOctokit } from "./github/app-octokit.js";
import { applyDotenv } from "./config/apply-dotenv.js";
import { checkProbotEnv, needsAppSetup } from "./config/probot-env.js";
import { createLogger } from "./server/create-logger.js";
import { createShutdown } from "./server/graceful-shutdown.js";
import { createOpsHandler } from "./server/ops-handler.js";
import { startOpsServer } from "./server/ops-server.js";
import { prepareApp } from "./startup.js";

/**
 * `npm start`. Probot's variables, our settings and the agent file are all checked before the
 * server starts, so the App never runs half-working. With no App identity at all (and outside
 * production) Probot serves its set-up page instead, which registers the App from app.yml.
 *
 * BACKEND_REVIEW_ROLE: `all` serves webhooks on PORT and runs jobs; `web` only serves webhooks;
 * `worker` only runs jobs and opens no webhook port. Every role serves /healthz, /readyz and
 * /metrics on METRICS_PORT.
 */
applyDotenv();
if (needsAppSetup(process.env)) {
  console.warn("backend-review: APP_ID and PRIVATE_KEY are not set: starting Probot's set-up flow to register the App.");
  await run(() => {});
} else {
  const log = await createLogger(process.env);
  const appLog = log.child({ name: "backend-review" });
  const startup = await prepareApp(process.env, appLog);
  const problems = [...checkProbotEnv(process.env), ...(startup.ok ? [] : startup.problems)];
  if (!startup.ok || problems.length > 0) cannotStart(problems);
  const { deps, role, metricsPort } = startup;
  const app = createApp(deps, { role });
  const stopWebhooks = role === "worker" ? await runWithoutWebhooks(app, log) : await serveWebhooks(app, log);
  const ops = await startOpsServer(createOpsHandler(deps.metrics, deps.lifecycle, () => deps.queue.ready()), metricsPort, process.env.HOST || "localhost").catch(
    (error: unknown) => cannotStart([`METRICS_PORT ${metricsPort}: ${error instanceof Error ? error.message : String(error)}`]),
  );
  appLog.info({ role, metricsPort: ops.port }, `role ${role}: /healthz, /readyz and /metrics on port ${ops.port}`);
  const shutdown = createShutdown({
    // The operations port stays open until the process exits: /readyz says "shutting down".
    stopServer: stopWebhooks,
    scheduler: deps.scheduler,
    queue: deps.queue,
    lifecycle: deps.lifecycle,
    notices: deps.notices,
    timeoutMs: startup.shutdownTimeoutMs,
    log: appLog,
    exit: (code) => void ops.close().finally(() => process.exit(code)),
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutdown(signal));
}

function cannotStart(problems: readonly string[]): never {
  console.error(["backend-review cannot start:", ...problems.map((p) => `  - ${p}`)].join("\n"));
  process.exit(1);
}

/** Probot's server on PORT: webhooks, Probot's /ping and our constant /healthz. */
async function serveWebhooks(app: ApplicationFunction, log: Logger): Promise<() => Promise<void>> {
  const server = await run(app, { log, Octokit: AppOctokit });
  // Probot's own SIGINT handler exits at once, losing running reviews: ours replaces it.
  process.removeAllListeners("SIGINT");
  return () => server.stop();
}

/** A worker: the App's Probot (it authenticates as installations) without any HTTP server. */
async function runWithoutWebhooks(app: ApplicationFunction, log: Logger): Promise<() => Promise<void>> {
  const probot = createProbot({ env: process.env, defaults: { log, Octokit: AppOctokit } });
  await probot.load(app);
  return async () => {};
}
