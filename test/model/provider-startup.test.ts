/**
 * Choosing the provider: the App's start-up and the CLI name every missing credential or place
 * of the chosen provider, say where the model runs, and never print a secret. The CLI reviews a
 * branch end to end against the Bedrock stand-in, as the GitHub Action runs it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBedrockStandIn, type BedrockStandIn } from "../../dev/stand-ins/bedrock-stand-in.js";
import { startVertexStandIn, type VertexStandIn } from "../../dev/stand-ins/vertex-stand-in.js";
import type { Logger } from "../../src/review/logger.js";
import { prepareApp } from "../../src/startup.js";
import { runCliForTest } from "../cli/helpers/cli-harness.js";
import { featureRepo } from "../cli/helpers/feature-repo.js";
import type { TempRepo } from "../cli/helpers/temp-repo.js";

const AWS_KEYS = { AWS_ACCESS_KEY_ID: "AKIDSTANDIN", AWS_SECRET_ACCESS_KEY: "aws-secret-value" };

function recordingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const write = (obj: object, msg?: string) => void lines.push(`${msg ?? ""} ${JSON.stringify(obj)}`);
  return { log: { debug: write, info: write, warn: write, error: write }, lines };
}

async function problemsOf(env: Record<string, string>): Promise<string[]> {
  const startup = await prepareApp(env);
  expect(startup.ok).toBe(false);
  return startup.ok ? [] : startup.problems;
}

describe("prepareApp with BACKEND_REVIEW_PROVIDER", () => {
  let bedrock: BedrockStandIn;
  let vertex: VertexStandIn;
  beforeAll(async () => {
    [bedrock, vertex] = await Promise.all([startBedrockStandIn(), startVertexStandIn()]);
  });
  afterAll(() => Promise.all([bedrock?.close(), vertex?.close()]));

  it("names an unknown provider", async () => {
    expect(await problemsOf({ BACKEND_REVIEW_PROVIDER: "azure", ANTHROPIC_API_KEY: "k" })).toEqual([
      "BACKEND_REVIEW_PROVIDER must be one of anthropic, bedrock, vertex (where the reviewer's model runs)",
    ]);
  });

  it("bedrock: names the missing region and the missing half of a key pair, and needs no Anthropic key", async () => {
    const problems = await problemsOf({ BACKEND_REVIEW_PROVIDER: "bedrock", AWS_ACCESS_KEY_ID: "AKIDSTANDIN", BACKEND_REVIEW_CHUNK_TOKENS: "5" });
    expect(problems).toEqual([
      "AWS_REGION is not set: BACKEND_REVIEW_PROVIDER=bedrock needs the AWS region, e.g. us-east-1",
      "AWS_SECRET_ACCESS_KEY is not set: AWS_ACCESS_KEY_ID is, and the two sign requests together",
      "BACKEND_REVIEW_CHUNK_TOKENS must be a whole number from 2000 to 150000 (estimated diff tokens per model call)",
    ]);
    expect(problems.join("\n")).not.toContain("AKIDSTANDIN");
  });

  it("vertex: names the missing region and project, then a credentials file that cannot be read", async () => {
    expect(await problemsOf({ BACKEND_REVIEW_PROVIDER: "vertex" })).toEqual([
      "CLOUD_ML_REGION is not set: BACKEND_REVIEW_PROVIDER=vertex needs the Vertex AI region, e.g. us-east5 or global",
      "ANTHROPIC_VERTEX_PROJECT_ID is not set: BACKEND_REVIEW_PROVIDER=vertex needs the Google Cloud project (GOOGLE_CLOUD_PROJECT is read too)",
    ]);
    const missingFile = path.join(tmpdir(), "no-such-dir", "key.json");
    expect(await problemsOf({ BACKEND_REVIEW_PROVIDER: "vertex", CLOUD_ML_REGION: "us-east5", GOOGLE_CLOUD_PROJECT: "p", GOOGLE_APPLICATION_CREDENTIALS: missingFile })).toEqual([
      "GOOGLE_APPLICATION_CREDENTIALS does not name a readable Google credentials file (a service account key or an external account configuration)",
    ]);
  });

  it("bedrock: starts, and logs the provider, region, model id and credential source without a secret", async () => {
    const { log, lines } = recordingLog();
    const startup = await prepareApp({ BACKEND_REVIEW_PROVIDER: "bedrock", AWS_REGION: "us-east-1", ...AWS_KEYS, ANTHROPIC_BEDROCK_BASE_URL: bedrock.baseUrl }, log);
    expect(startup.ok).toBe(true);
    expect(lines.find((l) => l.startsWith("reviewer model:"))).toMatch(
      /^reviewer model: claude-sonnet-5-5 \(as global\.anthropic\.claude-sonnet-5-5\) on Amazon Bedrock in us-east-1, credentials from AWS_ACCESS_KEY_ID /,
    );
    expect(lines.join("\n")).not.toMatch(/aws-secret-value|AKIDSTANDIN/);
  });

  it("vertex: loads the credentials at start-up and logs where the model runs", async () => {
    const credentials = vertex.writeCredentialsFile(mkdtempSync(path.join(tmpdir(), "vertex-creds-")));
    const { log, lines } = recordingLog();
    const startup = await prepareApp(
      {
        BACKEND_REVIEW_PROVIDER: "vertex",
        CLOUD_ML_REGION: vertex.region,
        ANTHROPIC_VERTEX_PROJECT_ID: vertex.project,
        GOOGLE_APPLICATION_CREDENTIALS: credentials,
        ANTHROPIC_VERTEX_BASE_URL: vertex.baseUrl,
        BACKEND_REVIEW_MODEL: "haiku",
        BACKEND_REVIEW_STRUCTURED_OUTPUT: "off",
      },
      log,
    );
    expect(startup.ok).toBe(true);
    expect(lines.find((l) => l.startsWith("reviewer model:"))).toContain(
      "reviewer model: claude-haiku-5-5 on Google Vertex AI in us-east5 for project review-project, credentials from the key file GOOGLE_APPLICATION_CREDENTIALS names; the report is asked for as JSON in the prompt",
    );
  });
});

describe("the CLI with BACKEND_REVIEW_PROVIDER=bedrock", () => {
  let repo: TempRepo;
  let bedrock: BedrockStandIn;
  beforeAll(async () => {
    repo = featureRepo();
    bedrock = await startBedrockStandIn({ region: "eu-central-1" });
  });
  afterAll(async () => {
    repo?.remove();
    await bedrock?.close();
  });

  it("names a missing AWS_REGION before any model call", async () => {
    const result = await runCliForTest(["diff"], { env: { ...repo.env, BACKEND_REVIEW_PROVIDER: "bedrock", ...AWS_KEYS }, cwd: repo.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("AWS_REGION is not set: BACKEND_REVIEW_PROVIDER=bedrock needs the AWS region, e.g. us-east-1 (--dry-run shows the plan without it)");
    expect(bedrock.calls).toHaveLength(0);
  });

  it("reviews the branch on Bedrock: the finding on its line, the provider named on stderr", async () => {
    const env = { ...repo.env, BACKEND_REVIEW_PROVIDER: "bedrock", AWS_REGION: "eu-central-1", ...AWS_KEYS, ANTHROPIC_BEDROCK_BASE_URL: bedrock.baseUrl };
    const result = await runCliForTest(["diff", "--format", "json", "--model", "opus"], { env, cwd: repo.dir });

    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { model: string; findings: unknown[]; failures: unknown[] };
    expect(json.model).toBe("claude-opus-5-5");
    expect(json.failures).toEqual([]);
    expect(json.findings).toMatchObject([{ path: "src/routes/users.ts", startLine: 5, checkId: "sql-injection" }]);
    expect(result.stderr).toContain(
      "in 1 part with claude-opus-5-5 (as global.anthropic.claude-opus-5-5) on Amazon Bedrock in eu-central-1, credentials from AWS_ACCESS_KEY_ID",
    );
    expect(bedrock.calls.map((c) => [c.path, c.status])).toEqual([["/model/global.anthropic.claude-opus-5-5/invoke", 200]]);
  });
});
