/** Liveness, readiness and Prometheus metrics on the App's own HTTP server, over real loopback HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SCENARIO } from "../../dev/demo-scenario.js";
import { sendWebhook } from "../../dev/send-webhook.js";
import { startAnthropicStandIn, type AnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import { isCheckRunCompletion, startGitHubStandIn, type GitHubStandIn } from "../../dev/stand-ins/github-stand-in.js";
import { pullRequestPayload } from "../../dev/webhook-payload.js";
import { startInProcessApp, type RunningApp } from "./in-process-app.js";

const SECRET = "ops-secret";
let github: GitHubStandIn;
let anthropic: AnthropicStandIn;
let app: RunningApp;

beforeAll(async () => {
  github = await startGitHubStandIn({ ...DEMO_SCENARIO });
  anthropic = await startAnthropicStandIn();
  app = await startInProcessApp(github, anthropic, SECRET);
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([github?.close(), anthropic?.close()]);
});

describe("operations endpoints", () => {
  it("answers /healthz and /readyz, and /readyz turns 503 while shutting down", async () => {
    expect(await (await fetch(`${app.url}/healthz`)).text()).toBe("ok\n");
    const ready = await fetch(`${app.url}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, "ready\n"]);
    app.lifecycle.shuttingDown = true;
    const draining = await fetch(`${app.url}/readyz`);
    expect([draining.status, await draining.text()]).toEqual([503, "shutting down\n"]);
    app.lifecycle.shuttingDown = false;
  });

  it("exposes what it did and spent in Prometheus format after a review", async () => {
    const start = github.requests.length;
    await sendWebhook({ appUrl: app.url, event: "pull_request", payload: pullRequestPayload(DEMO_SCENARIO, "opened"), secret: SECRET });
    await github.waitFor(isCheckRunCompletion, 15_000, start);
    await app.scheduler.drain();
    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('backend_review_webhooks_total{event="pull_request"} 1');
    expect(text).toContain('backend_review_reviews_total{outcome="complete"} 1');
    expect(text).toContain('backend_review_findings_total{severity="critical",category="security"} 1');
    expect(text).toMatch(/backend_review_model_tokens_total\{kind="cache_write"\} [1-9]\d*/);
    expect(text).toContain('backend_review_model_call_seconds_count{outcome="ok"} 1');
    expect(text).toMatch(/backend_review_github_rate_limit_remaining \d+/);
    expect(text).toContain("backend_review_queue_jobs 0");
    expect(text).toContain("backend_review_queue_wait_seconds_count 1");
  });
});
