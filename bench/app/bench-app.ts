/**
 * One benchmark rig: the GitHub and Anthropic stand-ins, the timing proxy, and the built App
 * wired to them, all on 127.0.0.1. `close()` stops everything; every wait is bounded by its caller.
 */
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { signWebhook } from "../../dev/sign-webhook.js";
import { startAnthropicStandIn, type AnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import { startGitHubStandIn, type GitHubStandIn, type PullRequestScenario } from "../../dev/stand-ins/github-stand-in.js";
import { findFreePort } from "../../dev/stand-ins/http-kit.js";
import { pullRequestPayload } from "../../dev/webhook-payload.js";
import type { ChangedFile } from "../../src/diff/types.js";
import { startAppChild, type AppChild } from "./app-child.js";
import { startTimingProxy, type TimingProxy } from "./timing-proxy.js";

export interface RigOptions {
  scenarios: readonly PullRequestScenario[];
  modelLatencyMs: number;
  /** BACKEND_REVIEW_* and other App settings on top of the defaults. */
  env?: Record<string, string>;
}

export interface Rig {
  app: AppChild;
  github: GitHubStandIn;
  anthropic: AnthropicStandIn;
  proxy: TimingProxy;
  secret: string;
  close(): Promise<void>;
}

let privateKey: string | undefined;
/** Throwaway: the stand-in only checks that a JWT is presented, but Probot needs a real key to sign one. */
const appKey = () => (privateKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString());

export async function startRig(options: RigOptions): Promise<Rig> {
  const github = await startGitHubStandIn(options.scenarios);
  const anthropic = await startAnthropicStandIn({ latencyMs: options.modelLatencyMs });
  const proxy = await startTimingProxy(anthropic.port);
  const secret = randomBytes(16).toString("hex");
  const port = await findFreePort();
  // The App serves /healthz, /readyz and /metrics on a port of their own (default 9102): a free one here.
  const metricsPort = await findFreePort();
  const closeStandIns = () => Promise.allSettled([proxy.close(), github.close(), anthropic.close()]).then(() => undefined);
  try {
    const app = await startAppChild(port, {
      APP_ID: "1",
      PRIVATE_KEY: appKey(),
      WEBHOOK_SECRET: secret,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      HOST: "127.0.0.1",
      GHE_HOST: github.gheHost,
      GHE_PROTOCOL: "http",
      ANTHROPIC_API_KEY: "bench-key",
      ANTHROPIC_BASE_URL: proxy.baseUrl,
      // A production-like logger: every request logged at info, as JSON.
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      ...options.env,
    });
    return { app, github, anthropic, proxy, secret, close: () => app.stop().then(closeStandIns) };
  } catch (error) {
    await closeStandIns();
    throw error;
  }
}

export function scenario(pullNumber: number, files: ChangedFile[]): PullRequestScenario {
  const headSha = createHash("sha1").update(`bench-${pullNumber}`).digest("hex");
  return { owner: "acme", repo: "bench", pullNumber, headSha, files };
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/**
 * A signed `pull_request.opened` for the scenario, from the given installation. `closed: true`
 * makes one the App answers and ignores (it reviews open pull requests only): a warm-up of the
 * webhook path that queues nothing and calls nothing.
 */
export function delivery(pull: PullRequestScenario, installationId: number, secret: string, { closed = false } = {}): Delivery {
  const payload = pullRequestPayload(pull);
  payload.installation = { ...(payload.installation as object), id: installationId };
  if (closed) (payload.pull_request as { state: string }).state = "closed";
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/bench",
      "x-github-event": "pull_request",
      "x-github-delivery": randomBytes(16).toString("hex"),
      "x-hub-signature-256": signWebhook(body, secret),
    },
  };
}
