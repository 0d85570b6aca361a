/**
 * `npm run demo`: the real, built App reviews a small pull request end to end, with local
 * stand-ins in place of GitHub and Anthropic, and prints the review as GitHub would show it.
 * Everything listens on 127.0.0.1, every wait is bounded, and nothing outside this machine is called.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startAppProcess, type AppProcess } from "./app-process.js";
import { DEMO_SCENARIO } from "./demo-scenario.js";
import { renderReview } from "./render-review.js";
import { sendWebhook } from "./send-webhook.js";
import { startAnthropicStandIn, type AnthropicStandIn } from "./stand-ins/anthropic-stand-in.js";
import { isCheckRunCompletion, startGitHubStandIn, type GitHubStandIn } from "./stand-ins/github-stand-in.js";
import { findFreePort } from "./stand-ins/http-kit.js";
import { pullRequestPayload } from "./webhook-payload.js";

const APP_READY_MS = 15_000;
const REVIEW_MS = 30_000;
/** A last resort should a step hang in a way its own bound does not cover. */
const WHOLE_DEMO_MS = 90_000;
const APP_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "main.js");

/** `running.app` is set as soon as the App runs, so a later failure can still show and stop it. */
async function runDemo(github: GitHubStandIn, anthropic: AnthropicStandIn, running: { app?: AppProcess }): Promise<void> {
  const secret = randomBytes(16).toString("hex");
  const port = await findFreePort();
  const app = (running.app = await startAppProcess({
    entry: APP_ENTRY,
    port,
    readyTimeoutMs: APP_READY_MS,
    env: {
      APP_ID: "1",
      // Throwaway: the stand-in only checks that a JWT is presented, but Probot needs a real key to sign one.
      PRIVATE_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      WEBHOOK_SECRET: secret,
      PORT: String(port),
      HOST: "127.0.0.1",
      GHE_HOST: github.gheHost,
      GHE_PROTOCOL: "http",
      ANTHROPIC_API_KEY: "demo-key",
      ANTHROPIC_BASE_URL: anthropic.baseUrl,
      LOG_LEVEL: "warn",
    },
  }));
  const delivery = await sendWebhook({ appUrl: app.url, event: "pull_request", payload: pullRequestPayload(DEMO_SCENARIO), secret });
  console.log(`Webhook pull_request.opened (delivery ${delivery.deliveryId}) → HTTP ${delivery.status} ${delivery.body.trim()}`);
  if (delivery.status >= 300) throw new Error(`the App refused the webhook (HTTP ${delivery.status})`);
  await github.waitFor(isCheckRunCompletion, REVIEW_MS).catch(() => {
    throw new Error(`the check run was not completed within ${REVIEW_MS / 1000} s`);
  });
}

function summariseStandIns(github: GitHubStandIn, anthropic: AnthropicStandIn): string[] {
  const usage = anthropic.calls.reduce(
    (sum, c) => ({
      input: sum.input + (c.usage?.input_tokens ?? 0),
      write: sum.write + (c.usage?.cache_creation_input_tokens ?? 0),
      read: sum.read + (c.usage?.cache_read_input_tokens ?? 0),
      output: sum.output + (c.usage?.output_tokens ?? 0),
    }),
    { input: 0, write: 0, read: 0, output: 0 },
  );
  const unexpected = github.unexpected().map((r) => `  unexpected: ${r.method} ${r.path}`);
  return [
    `GitHub stand-in: ${github.requests.length} requests, ${unexpected.length} unexpected.`,
    ...unexpected,
    `Anthropic stand-in: ${anthropic.stats.calls} call(s); tokens: ${usage.input} input, ${usage.write} cache write, ${usage.read} cache read, ${usage.output} output.`,
  ];
}

async function main(): Promise<number> {
  const scenario = DEMO_SCENARIO;
  const github = await startGitHubStandIn(scenario);
  const anthropic = await startAnthropicStandIn();
  const running: { app?: AppProcess } = {};
  console.log("backend-review demo: the built App (dist/src/main.js) against local stand-ins for GitHub and Anthropic");
  console.log(`Pull request ${scenario.owner}/${scenario.repo}#${scenario.pullNumber}, ${scenario.files.length} files, head ${scenario.headSha.slice(0, 7)}`);
  try {
    await runDemo(github, anthropic, running);
    console.log("");
    console.log(renderReview(github, scenario));
    console.log("");
    console.log(summariseStandIns(github, anthropic).join("\n"));
    return 0;
  } catch (error) {
    console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
    if (running.app) console.error(`\nThe App's output:\n${running.app.output() || "(none)"}`);
    console.error(summariseStandIns(github, anthropic).join("\n"));
    return 1;
  } finally {
    await running.app?.stop();
    await Promise.allSettled([github.close(), anthropic.close()]);
  }
}

const watchdog = setTimeout(() => {
  console.error(`demo failed: it did not finish within ${WHOLE_DEMO_MS / 1000} s`);
  process.exit(1);
}, WHOLE_DEMO_MS);
watchdog.unref();
process.exitCode = await main();
