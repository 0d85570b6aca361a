import { run } from "probot";
import { createApp } from "./app.js";
import { applyDotenv } from "./config/apply-dotenv.js";
import { checkProbotEnv, needsAppSetup } from "./config/probot-env.js";
import { createLogger } from "./server/create-logger.js";
import { createShutdown } from "./server/graceful-shutdown.js";
import { prepareApp } from "./startup.js";

/**
 * `npm start`. Probot's variables, our settings and the agent file are all checked before the
 * server starts, so the App never runs half-working. With no App identity at all (and outside
 * production) Probot serves its set-up page instead, which registers the App from app.yml.
 */
applyDotenv();
if (needsAppSetup(process.env)) {
  console.warn("backend-review: APP_ID and PRIVATE_KEY are not set: starting Probot's set-up flow to register the App.");
  await run(() => {});
} else {
  const log = await createLogger(process.env);
  const startup = await prepareApp(process.env, log.child({ name: "backend-review" }));
  const problems = [...checkProbotEnv(process.env), ...(startup.ok ? [] : startup.problems)];
  if (!startup.ok || problems.length > 0) {
    console.error(["backend-review cannot start:", ...problems.map((p) => `  - ${p}`)].join("\n"));
    process.exit(1);
  }
  const server = await run(createApp(startup.deps), { log });
  // Probot's own SIGINT handler exits at once, losing running reviews: ours replaces it.
  process.removeAllListeners("SIGINT");
  const shutdown = createShutdown({
    stopServer: () => server.stop(),
    scheduler: startup.deps.scheduler,
    queue: startup.deps.queue,
    lifecycle: startup.deps.lifecycle,
    timeoutMs: startup.shutdownTimeoutMs,
    log: log.child({ name: "backend-review" }),
    exit: (code) => process.exit(code),
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutdown(signal));
}
