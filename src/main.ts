import { run } from "probot";
import { createApp } from "./app.js";
import { prepareApp } from "./startup.js";

/**
 * `npm start`. Our settings and the agent file are checked before Probot starts, so the App never
 * runs half-working. Without App credentials Probot serves its set-up page instead, which needs
 * neither.
 */
const hasAppCredentials = Boolean(process.env.APP_ID && (process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH));
if (!hasAppCredentials && process.env.NODE_ENV !== "production") {
  console.warn("backend-review: APP_ID and PRIVATE_KEY are not set: starting Probot's set-up flow to register the App.");
  await run(() => {});
} else {
  const startup = await prepareApp(process.env);
  if (!startup.ok) {
    console.error(["backend-review cannot start:", ...startup.problems.map((p) => `  - ${p}`)].join("\n"));
    process.exit(1);
  }
  await run(createApp(startup.deps));
}
