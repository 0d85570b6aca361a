/**
 * The operations port, on the App started as `npm start` starts it (src/main.ts, bundled, in a
 * process of its own, against the local stand-ins, no Redis): /healthz, /readyz and /metrics on
 * METRICS_PORT; the webhook port keeps only a constant /healthz beside Probot's routes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SCENARIO } from "../../dev/demo-scenario.js";
import { sendWebhook } from "../../dev/send-webhook.js";
import { startAnthropicStandIn, type AnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import { isCheckRunCompletion, startGitHubStandIn, type GitHubStandIn } from "../../dev/stand-ins/github-stand-in.js";
import { pullRequestPayload } from "../../dev/webhook-payload.js";
import { bundleApp, randomSecret, startAppProcess, startModelGate, type AppProcess, type ModelGate, type SharedEnv } from "../redis/app-processes.js";

/** How long the second review's model call is held, so shutdown happens while it runs. */
const HELD_MS = 4_000;

let bundle: Awaited<ReturnType<typeof bundleApp>>;
let github: GitHubStandIn;
let anthropic: AnthropicStandIn;
let gate: ModelGate;
let env: SharedEnv;
let app: AppProcess;

beforeAll(async () => {
  bundle = await bundleApp();
  github = await startGitHubStandIn({ ...DEMO_SCENARIO });
  anthropic = await startAnthropicStandIn();
  gate = await startModelGate(anthropic.baseUrl, (call) => (call === 2 ? HELD_MS : 0));
  env = { githubHost: github.gheHost, anthropicUrl: gate.url, secret: randomSecret() };
  app = await startAppProcess(bundle.entry, "app", "all", env);
}, 60_000);

afterEach((context) => {
  if (context.task.result?.state === "fail") console.error(app?.output());
});

afterAll(async () => {
  await app?.kill("SIGKILL");
  await Promise.all([gate?.close(), github?.close(), anthropic?.close()]);
  bundle?.remove();
});

const get = async (url: string) => {
  const response = await fetch(url);
  return [response.status, await response.text()] as const;
};

/** The scrape once the job has wrapped up (its check run is completed a moment before it ends). */
async function metricsOnceIdle(timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [, text] = await get(`${app.opsUrl}/metrics`);
    if (/^backend_review_queue_running 0$/m.test(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the operations port (METRICS_PORT)", () => {
  it("serves health and readiness there, and only a constant /healthz on the webhook port", async () => {
    expect(await get(`${app.opsUrl}/healthz`)).toEqual([200, "ok\n"]);
    expect(await get(`${app.opsUrl}/readyz`)).toEqual([200, "ready\n"]);
    expect(await get(`${app.opsUrl}/nothing`)).toEqual([404, "not found: the operations port serves GET /healthz, /readyz and /metrics\n"]);
    expect(await get(`${app.webhookUrl}/healthz`)).toEqual([200, "ok\n"]);
    expect((await fetch(`${app.webhookUrl}/readyz`)).status).toBe(404);
    const publicMetrics = await fetch(`${app.webhookUrl}/metrics`);
    expect(publicMetrics.status).toBe(404);
    expect(await publicMetrics.text()).not.toContain("backend_review_");
  });

  it("exposes what the App did and spent in Prometheus format after a review", async () => {
    const start = github.requests.length;
    const answer = await sendWebhook({ appUrl: app.webhookUrl, event: "pull_request", payload: pullRequestPayload(DEMO_SCENARIO, "opened"), secret: env.secret });
    expect(answer.status).toBe(200);
    await github.waitFor(isCheckRunCompletion, 15_000, start);
    const response = await fetch(`${app.opsUrl}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metricsOnceIdle();
    expect(text).toContain('backend_review_webhooks_total{event="pull_request"} 1');
    expect(text).toContain('backend_review_reviews_total{outcome="complete"} 1');
    expect(text).toContain('backend_review_findings_total{severity="critical",category="security"} 1');
    expect(text).toMatch(/backend_review_model_tokens_total\{kind="cache_write"\} [1-9]\d*/);
    expect(text).toContain('backend_review_model_call_seconds_count{outcome="ok"} 1');
    expect(text).toMatch(/backend_review_github_rate_limit_remaining \d+/);
    expect(text).toContain("backend_review_queue_jobs 0");
    expect(text).toContain("backend_review_queue_wait_seconds_count 1");
  }, 45_000);

  it("says 'shutting down' on /readyz after SIGTERM while a review finishes, then exits 0", async () => {
    const start = github.requests.length;
    const payload = pullRequestPayload({ ...DEMO_SCENARIO, headSha: "c".repeat(40) }, "synchronize");
    expect((await sendWebhook({ appUrl: app.webhookUrl, event: "pull_request", payload, secret: env.secret })).status).toBe(200);
    await gate.arrived(2);
    const exited = app.exited();
    app.signal("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await get(`${app.opsUrl}/readyz`)).toEqual([503, "shutting down\n"]);
    expect(await get(`${app.opsUrl}/healthz`)).toEqual([200, "ok\n"]);
    await expect(fetch(`${app.webhookUrl}/healthz`)).rejects.toThrow();
    expect(await exited).toBe(0);
    // The review that was running when SIGTERM came was finished, not dropped.
    expect(github.requests.slice(start).filter((r) => r.method === "POST" && /\/reviews$/.test(r.path))).toHaveLength(1);
  }, 45_000);
});

describe("start-up refusals", () => {
  it("refuses BACKEND_REVIEW_ROLE=web without REDIS_URL and names the fix", async () => {
    await expect(startAppProcess(bundle.entry, "web without Redis", "web", env)).rejects.toThrow(
      /backend-review cannot start:\n {2}- BACKEND_REVIEW_ROLE=web needs REDIS_URL/,
    );
  });

  it("stops, naming METRICS_PORT, when the operations port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen({ port: 0, host: "127.0.0.1" }, resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      await expect(startAppProcess(bundle.entry, "port taken", "all", { ...env, extra: { METRICS_PORT: String(port) } })).rejects.toThrow(
        new RegExp(`backend-review cannot start:\\n {2}- METRICS_PORT ${port}: listen EADDRINUSE`),
      );
    } finally {
      taken.close();
    }
  });
});
