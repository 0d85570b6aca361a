/**
 * The App exactly as src/main.ts starts it (same prepareApp, same createApp, Probot's run()), except
 * that Octokit's request throttle is off. Probot's event Octokit shares one write limiter (one write
 * a second, GraphQL counted as a write) across every installation in the process, so with it on
 * the reviews behind the queue barely move and 50 reviews can never be in flight together: the
 * cases that need reviews to progress (1 and 5) start this entry; case 3 starts dist/src/main.js.
 */
import { ProbotOctokit, run } from "probot";
import { createApp } from "../../src/app.js";
import { checkProbotEnv } from "../../src/config/probot-env.js";
import { prepareApp } from "../../src/startup.js";

const startup = await prepareApp(process.env);
const problems = [...checkProbotEnv(process.env), ...(startup.ok ? [] : startup.problems)];
if (!startup.ok || problems.length > 0) {
  console.error(["backend-review (bench) cannot start:", ...problems.map((p) => `  - ${p}`)].join("\n"));
  process.exit(1);
}
// The function form of defaults: Probot 14 replaces an object form's `throttle` with its own.
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object | undefined), enabled: false },
}));
await run(createApp(startup.deps), { Octokit });
