/**
 * The reviewer model on Amazon Bedrock and Google Vertex AI, through Anthropic's companion SDKs,
 * against local stand-ins of both HTTP APIs: the request each platform receives (route, auth
 * headers, body), and what a review gets back. No nock: real loopback HTTP, real SigV4 signing,
 * a real Google credentials flow whose token endpoint is the stand-in.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBedrockStandIn, type BedrockStandIn } from "../../dev/stand-ins/bedrock-stand-in.js";
import { startVertexStandIn, type VertexStandIn } from "../../dev/stand-ins/vertex-stand-in.js";
import { createBedrockModel, type BedrockSettings } from "../../src/model/bedrock-model.js";
import { createVertexModel, loadGoogleCredentials, type VertexSettings } from "../../src/model/vertex-model.js";
import { ModelCallError, type ModelRequest } from "../../src/review/model.js";

const TUNING = { maxRetries: 0, timeoutMs: 10_000 };
const PROMPT = [
  '=== FILE "src/routes/orders.ts" (modified) ===',
  "@@ new lines 10-11 @@",
  "10 + const rows = await db.query(`SELECT * FROM orders WHERE id = ${req.params.id}`);",
  "11 + return rows;",
  "=== END FILE ===",
].join("\n");
const REQUEST: ModelRequest = { model: "claude-sonnet-5-5", system: "You review backend code.", prompt: PROMPT, maxOutputTokens: 2000 };
const EXPECTED = [{ path: "src/routes/orders.ts", line: 10, severity: "critical" }];

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelCallError);
  return (error as ModelCallError).reason;
}

/** The request body the platform received, in the shape both expect. */
function expectMessagesBody(body: Record<string, unknown> | undefined, apiVersion: string, structured: boolean) {
  expect(body).toBeDefined();
  expect(body?.anthropic_version).toBe(apiVersion);
  expect(body).not.toHaveProperty("model");
  expect(body?.max_tokens).toBe(2000);
  expect(body?.messages).toEqual([{ role: "user", content: PROMPT }]);
  const system = body?.system as { type: string; text: string; cache_control?: unknown }[];
  expect(system[0]?.text).toBe("You review backend code.");
  expect(system.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
  if (structured) {
    expect(system).toHaveLength(1);
    expect(body?.output_config).toMatchObject({ format: { type: "json_schema", schema: { type: "object", required: ["findings"] } } });
  } else {
    expect(body).not.toHaveProperty("output_config");
    expect(system[1]?.text).toMatch(/^Answer with the findings report only: one JSON object/);
  }
}

describe("on Amazon Bedrock", () => {
  let bedrock: BedrockStandIn;
  const settings: BedrockSettings = {
    provider: "bedrock",
    region: "us-east-1",
    accessKeyId: "AKIDSTANDIN",
    secretAccessKey: "stand-in-secret",
    credentialSource: "AWS_ACCESS_KEY_ID",
    structuredOutput: true,
  };
  beforeAll(async () => {
    bedrock = await startBedrockStandIn({ region: "us-east-1", fenceUnstructured: true });
    settings.baseURL = bedrock.baseUrl;
  });
  afterAll(() => bedrock?.close());

  it("invokes the model's global inference profile, SigV4-signed, with the Messages body Bedrock takes", async () => {
    const reply = await createBedrockModel(settings, TUNING).reportFindings(REQUEST);

    expect(reply.findings).toMatchObject(EXPECTED);
    expect(reply.usage.cacheWrite).toBeGreaterThan(0);
    const call = bedrock.calls.at(-1);
    expect(call).toMatchObject({ method: "POST", path: "/model/global.anthropic.claude-sonnet-5-5/invoke", status: 200 });
    expect(call?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSTANDIN\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=\S*host\S*x-amz-date\S*, Signature=[0-9a-f]{64}$/,
    );
    expect(call?.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(call?.headers).not.toHaveProperty("anthropic-version");
    expect(call?.headers).not.toHaveProperty("x-api-key");
    expectMessagesBody(call?.body, "bedrock-2023-05-31", true);
  });

  it("signs the session token of temporary keys, and sends a provider model id unchanged", async () => {
    const model = createBedrockModel({ ...settings, sessionToken: "session-token" }, TUNING);
    await model.reportFindings({ ...REQUEST, model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" });

    const call = bedrock.calls.at(-1);
    expect(call?.modelId).toBe("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    expect(call?.headers["x-amz-security-token"]).toBe("session-token");
    expect(call?.headers.authorization).toMatch(/SignedHeaders=\S*x-amz-security-token/);
    expect(call?.status).toBe(200);
  });

  it("sends a Bedrock API key as a bearer token instead of signing", async () => {
    const model = createBedrockModel({ ...settings, accessKeyId: undefined, secretAccessKey: undefined, bearerToken: "bedrock-api-key" }, TUNING);
    await model.reportFindings(REQUEST);

    const call = bedrock.calls.at(-1);
    expect(call?.headers.authorization).toBe("Bearer bedrock-api-key");
    expect(call?.headers).not.toHaveProperty("x-amz-date");
    expect(call?.status).toBe(200);
  });

  it("asks for the report as JSON in the system prompt when structured output is off, and reads it from a fence", async () => {
    const reply = await createBedrockModel({ ...settings, structuredOutput: false }, TUNING).reportFindings(REQUEST);

    expect(reply.findings).toMatchObject(EXPECTED);
    expectMessagesBody(bedrock.calls.at(-1)?.body, "bedrock-2023-05-31", false);
  });

  it("says what to check when Bedrock refuses the signature", async () => {
    const words = await reasonOf(createBedrockModel({ ...settings, region: "eu-west-1" }, TUNING).reportFindings(REQUEST));

    expect(bedrock.calls.at(-1)?.status).toBe(403);
    expect(words).toBe(
      "Amazon Bedrock refused access (403): check the AWS credentials, and that their IAM identity may call bedrock:InvokeModel on this model in AWS_REGION",
    );
    expect(words).not.toContain("stand-in-secret");
  });
});

describe("on Google Vertex AI", () => {
  let vertex: VertexStandIn;
  let settings: VertexSettings;
  beforeAll(async () => {
    vertex = await startVertexStandIn({ project: "review-project", region: "us-east5", fenceUnstructured: true });
    const credentialsFile = vertex.writeCredentialsFile(mkdtempSync(path.join(tmpdir(), "vertex-creds-")));
    settings = {
      provider: "vertex",
      region: "us-east5",
      projectId: "review-project",
      credentialsFile,
      credentialSource: "the key file GOOGLE_APPLICATION_CREDENTIALS names",
      baseURL: vertex.baseUrl,
      structuredOutput: true,
    };
  });
  afterAll(() => vertex?.close());

  it("calls rawPredict for the project, region and model, with the token from the Google credentials flow", async () => {
    const model = createVertexModel(settings, await loadGoogleCredentials(settings), TUNING);
    const reply = await model.reportFindings(REQUEST);

    expect(reply.findings).toMatchObject(EXPECTED);
    expect(vertex.tokensIssued).toHaveLength(1);
    const call = vertex.calls.at(-1);
    expect(call).toMatchObject({
      method: "POST",
      path: "/v1/projects/review-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-5-5:rawPredict",
      status: 200,
    });
    expect(call?.headers.authorization).toBe(`Bearer ${vertex.tokensIssued[0]}`);
    expect(call?.headers).not.toHaveProperty("anthropic-version");
    expectMessagesBody(call?.body, "vertex-2023-10-16", true);
  });

  it("maps an older alias target to Vertex AI's dated id", async () => {
    const model = createVertexModel(settings, await loadGoogleCredentials(settings), TUNING);
    await model.reportFindings({ ...REQUEST, model: "claude-haiku-4-5" });

    expect(vertex.calls.at(-1)?.modelId).toBe("claude-haiku-4-5@20251001");
  });

  it("points at BACKEND_REVIEW_STRUCTURED_OUTPUT=off when a project refuses structured outputs, and reviews with it off", async () => {
    const refusing = await startVertexStandIn({ structuredOutput: "refuse", fenceUnstructured: true });
    try {
      const credentialsFile = refusing.writeCredentialsFile(mkdtempSync(path.join(tmpdir(), "vertex-creds-")));
      const onRefusing = { ...settings, projectId: refusing.project, region: refusing.region, credentialsFile, baseURL: refusing.baseUrl };
      const structured = createVertexModel(onRefusing, await loadGoogleCredentials(onRefusing), TUNING);
      expect(await reasonOf(structured.reportFindings(REQUEST))).toBe(
        "model API rejected the request (400); if structured outputs are not enabled for this model or project, set BACKEND_REVIEW_STRUCTURED_OUTPUT=off",
      );

      const prompted = createVertexModel({ ...onRefusing, structuredOutput: false }, await loadGoogleCredentials(onRefusing), TUNING);
      expect((await prompted.reportFindings(REQUEST)).findings).toMatchObject(EXPECTED);
      expectMessagesBody(refusing.calls.at(-1)?.body, "vertex-2023-10-16", false);
    } finally {
      await refusing.close();
    }
  });

  it("names GOOGLE_APPLICATION_CREDENTIALS when the file it names cannot be read", async () => {
    const missing = { ...settings, credentialsFile: path.join(tmpdir(), "no-such-dir", "key.json") };
    await expect(loadGoogleCredentials(missing)).rejects.toThrow(
      "GOOGLE_APPLICATION_CREDENTIALS does not name a readable Google credentials file (a service account key or an external account configuration)",
    );
  });
});
