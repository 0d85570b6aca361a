/**
 * The App end to end with BACKEND_REVIEW_PROVIDER=bedrock and =vertex: a signed pull_request
 * delivery over loopback HTTP, Octokit against the GitHub stand-in, the companion SDKs against the
 * Bedrock and Vertex AI stand-ins (SigV4 signing; a Google token exchange for the bearer token).
 * Nothing is intercepted and nothing leaves 127.0.0.1.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_SCENARIO } from "../../dev/demo-scenario.js";
import { sendWebhook } from "../../dev/send-webhook.js";
import { startBedrockStandIn } from "../../dev/stand-ins/bedrock-stand-in.js";
import type { CloudCall } from "../../dev/stand-ins/cloud-messages.js";
import { isCheckRunCompletion, startGitHubStandIn, type GitHubStandIn } from "../../dev/stand-ins/github-stand-in.js";
import { startVertexStandIn } from "../../dev/stand-ins/vertex-stand-in.js";
import { pullRequestPayload } from "../../dev/webhook-payload.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { startInProcessAppWithEnv, type RunningApp } from "./in-process-app.js";

const SECRET = "e2e-webhook-secret";
const REVIEW_TIMEOUT_MS = 15_000;
const stops: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  // The App first (it drains its jobs), then the stand-ins it talks to.
  for (const stop of stops.splice(0).reverse()) await stop();
});

function addedLineWith(file: string, code: string): number {
  const patch = DEMO_SCENARIO.files.find((f) => f.filename === file)?.patch ?? "";
  const lines = parsePatch(patch).hunks.flatMap((h) => h.lines).filter((l) => l.kind === "add" && l.content.includes(code));
  return lines[0]?.newLine ?? -1;
}

/** Delivers `opened`, waits for the check run to complete, and returns the one review posted. */
async function reviewPullRequest(github: GitHubStandIn, app: RunningApp) {
  const response = await sendWebhook({ appUrl: app.url, event: "pull_request", payload: pullRequestPayload(DEMO_SCENARIO, "opened"), secret: SECRET });
  expect(response.status).toBe(200);
  const completion = await github.waitFor(isCheckRunCompletion, REVIEW_TIMEOUT_MS);
  const reviews = github.requests.filter((r) => r.method === "POST" && /\/pulls\/42\/reviews$/.test(r.path));
  expect(reviews.map((r) => r.status)).toEqual([200]);
  return { completion, review: reviews[0]?.body as { comments: { path: string; line: number; side: string }[] } };
}

function expectDemoFindings(review: { comments: { path: string; line: number; side: string }[] }) {
  expect(review.comments.map(({ path: file, line, side }) => ({ path: file, line, side }))).toEqual([
    { path: "src/routes/orders.ts", line: addedLineWith("src/routes/orders.ts", "SELECT"), side: "RIGHT" },
    { path: "src/auth/reset-token.ts", line: addedLineWith("src/auth/reset-token.ts", "Math.random"), side: "RIGHT" },
  ]);
}

function expectCachedSystem(calls: readonly CloudCall[]) {
  for (const call of calls) {
    const system = call.body?.system as { cache_control?: unknown }[];
    expect(system.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
    expect(call.body?.output_config).toMatchObject({ format: { type: "json_schema" } });
    expect(call.body).not.toHaveProperty("model");
  }
}

describe("the App reviews a pull request on another provider", () => {
  it("BACKEND_REVIEW_PROVIDER=bedrock: every call SigV4-signed to InvokeModel, the findings posted on their lines", async () => {
    const github = await startGitHubStandIn(DEMO_SCENARIO);
    stops.push(() => github.close());
    const bedrock = await startBedrockStandIn({ region: "us-west-2" });
    stops.push(() => bedrock.close());
    const app = await startInProcessAppWithEnv(
      github,
      {
        BACKEND_REVIEW_PROVIDER: "bedrock",
        AWS_REGION: "us-west-2",
        AWS_ACCESS_KEY_ID: "AKIDE2E",
        AWS_SECRET_ACCESS_KEY: "e2e-secret",
        ANTHROPIC_BEDROCK_BASE_URL: bedrock.baseUrl,
      },
      SECRET,
    );
    stops.push(() => app.stop());

    const { completion, review } = await reviewPullRequest(github, app);

    expectDemoFindings(review);
    expect(completion.body).toMatchObject({ status: "completed" });
    expect(bedrock.calls.length).toBeGreaterThanOrEqual(1);
    for (const call of bedrock.calls) {
      expect(call).toMatchObject({ method: "POST", path: "/model/global.anthropic.claude-sonnet-5-5/invoke", status: 200 });
      expect(call.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDE2E\/\d{8}\/us-west-2\/bedrock\/aws4_request, /);
      expect(call.body?.anthropic_version).toBe("bedrock-2023-05-31");
    }
    expectCachedSystem(bedrock.calls);
    expect(github.unexpected()).toEqual([]);
  });

  it("BACKEND_REVIEW_PROVIDER=vertex: every call to rawPredict with the exchanged token, the findings posted on their lines", async () => {
    const github = await startGitHubStandIn(DEMO_SCENARIO);
    stops.push(() => github.close());
    const vertex = await startVertexStandIn({ project: "acme-review", region: "europe-west1" });
    stops.push(() => vertex.close());
    const credentials = vertex.writeCredentialsFile(mkdtempSync(path.join(tmpdir(), "vertex-e2e-")));
    const app = await startInProcessAppWithEnv(
      github,
      {
        BACKEND_REVIEW_PROVIDER: "vertex",
        CLOUD_ML_REGION: "europe-west1",
        GOOGLE_CLOUD_PROJECT: "acme-review",
        GOOGLE_APPLICATION_CREDENTIALS: credentials,
        ANTHROPIC_VERTEX_BASE_URL: vertex.baseUrl,
      },
      SECRET,
    );
    stops.push(() => app.stop());

    const { completion, review } = await reviewPullRequest(github, app);

    expectDemoFindings(review);
    expect(completion.body).toMatchObject({ status: "completed" });
    expect(vertex.tokensIssued.length).toBeGreaterThanOrEqual(1);
    expect(vertex.calls.length).toBeGreaterThanOrEqual(1);
    for (const call of vertex.calls) {
      expect(call).toMatchObject({
        method: "POST",
        path: "/v1/projects/acme-review/locations/europe-west1/publishers/anthropic/models/claude-sonnet-5-5:rawPredict",
        status: 200,
      });
      expect(vertex.tokensIssued).toContain(call.headers.authorization?.replace(/^Bearer /, ""));
      expect(call.body?.anthropic_version).toBe("vertex-2023-10-16");
    }
    expectCachedSystem(vertex.calls);
    expect(github.unexpected()).toEqual([]);
  });
});
