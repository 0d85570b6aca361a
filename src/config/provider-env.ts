import { z } from "zod";

/** Where the reviewer's model runs: Anthropic's API, Amazon Bedrock or Google Vertex AI. */
export const PROVIDERS = ["anthropic", "bedrock", "vertex"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = {
  anthropic: "Anthropic API",
  bedrock: "Amazon Bedrock",
  vertex: "Google Vertex AI",
};

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const optionalUrl = z.url({ message: "must be an http(s) URL" }).optional();

/*
 * The variables each provider's own SDK reads (see the README of @anthropic-ai/bedrock-sdk and
 * @anthropic-ai/vertex-sdk, and the AWS and Google credential chains); none is invented here.
 * Which of them a provider needs is checked by providerProblems, together with the rest.
 */
export const PROVIDER_ENV_FIELDS = {
  BACKEND_REVIEW_PROVIDER: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const trimmed = (value ?? "").trim().toLowerCase();
      if (trimmed === "") return "anthropic" as const;
      const known = PROVIDERS.find((p) => p === trimmed);
      if (known === undefined) {
        ctx.addIssue({ code: "custom", message: `must be one of ${PROVIDERS.join(", ")} (where the reviewer's model runs)` });
        return z.NEVER;
      }
      return known;
    }),
  BACKEND_REVIEW_STRUCTURED_OUTPUT: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const trimmed = (value ?? "").trim().toLowerCase();
      if (trimmed === "" || trimmed === "on") return true;
      if (trimmed === "off") return false;
      ctx.addIssue({ code: "custom", message: "must be on or off (off asks for the report as JSON in the prompt instead)" });
      return z.NEVER;
    }),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalUrl,
  AWS_REGION: optionalText,
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  AWS_PROFILE: optionalText,
  AWS_BEARER_TOKEN_BEDROCK: optionalText,
  ANTHROPIC_BEDROCK_BASE_URL: optionalUrl,
  CLOUD_ML_REGION: optionalText,
  ANTHROPIC_VERTEX_PROJECT_ID: optionalText,
  GOOGLE_CLOUD_PROJECT: optionalText,
  GOOGLE_APPLICATION_CREDENTIALS: optionalText,
  ANTHROPIC_VERTEX_BASE_URL: optionalUrl,
};

type ProviderEnv = z.output<z.ZodObject<typeof PROVIDER_ENV_FIELDS>>;

export type ProviderSettings =
  | { provider: "anthropic"; apiKey: string; baseURL?: string | undefined; structuredOutput: boolean }
  | {
      provider: "bedrock";
      region: string;
      /** A Bedrock API key; else SigV4 with the static keys below, else the AWS credential chain. */
      bearerToken?: string | undefined;
      accessKeyId?: string | undefined;
      secretAccessKey?: string | undefined;
      sessionToken?: string | undefined;
      /** For the log line: which link of the chain provides the credentials. */
      credentialSource: string;
      baseURL?: string | undefined;
      structuredOutput: boolean;
    }
  | {
      provider: "vertex";
      region: string;
      projectId: string;
      /** A key file (service account, workload identity federation…); else application default credentials. */
      credentialsFile?: string | undefined;
      credentialSource: string;
      baseURL?: string | undefined;
      structuredOutput: boolean;
    };

const raw = (source: Readonly<Record<string, string | undefined>>, name: string) => source[name]?.trim() ?? "";

/**
 * The credentials and places the chosen provider cannot work without, each named, read from the
 * raw values so they are reported together with every other problem. A missing credential that
 * an attached role (EC2, ECS, EKS, GKE, Cloud Run) may still provide is not refused here: the log
 * line says where credentials will come from, and the first call names what failed.
 */
export function providerProblems(source: Readonly<Record<string, string | undefined>>): string[] {
  const provider = raw(source, "BACKEND_REVIEW_PROVIDER").toLowerCase() || "anthropic";
  const has = (name: string) => raw(source, name) !== "";
  const problems: string[] = [];
  if (provider === "anthropic" && !has("ANTHROPIC_API_KEY")) {
    const state = source.ANTHROPIC_API_KEY === undefined ? "is not set" : "is empty";
    problems.push(`ANTHROPIC_API_KEY ${state}: the reviewer calls Anthropic's API with it`);
  }
  if (provider === "bedrock") {
    if (!has("AWS_REGION")) problems.push("AWS_REGION is not set: BACKEND_REVIEW_PROVIDER=bedrock needs the AWS region, e.g. us-east-1");
    if (has("AWS_ACCESS_KEY_ID") && !has("AWS_SECRET_ACCESS_KEY")) problems.push("AWS_SECRET_ACCESS_KEY is not set: AWS_ACCESS_KEY_ID is, and the two sign requests together");
    if (has("AWS_SECRET_ACCESS_KEY") && !has("AWS_ACCESS_KEY_ID")) problems.push("AWS_ACCESS_KEY_ID is not set: AWS_SECRET_ACCESS_KEY is, and the two sign requests together");
    if (has("AWS_SESSION_TOKEN") && !has("AWS_ACCESS_KEY_ID")) problems.push("AWS_ACCESS_KEY_ID is not set: AWS_SESSION_TOKEN belongs to temporary keys, which need it and AWS_SECRET_ACCESS_KEY");
  }
  if (provider === "vertex") {
    if (!has("CLOUD_ML_REGION")) problems.push("CLOUD_ML_REGION is not set: BACKEND_REVIEW_PROVIDER=vertex needs the Vertex AI region, e.g. us-east5 or global");
    if (!has("ANTHROPIC_VERTEX_PROJECT_ID") && !has("GOOGLE_CLOUD_PROJECT")) {
      problems.push("ANTHROPIC_VERTEX_PROJECT_ID is not set: BACKEND_REVIEW_PROVIDER=vertex needs the Google Cloud project (GOOGLE_CLOUD_PROJECT is read too)");
    }
  }
  return problems;
}

/** The settings of the chosen provider; call only on an environment providerProblems accepted. */
export function providerSettingsFrom(env: ProviderEnv): ProviderSettings {
  const structuredOutput = env.BACKEND_REVIEW_STRUCTURED_OUTPUT;
  switch (env.BACKEND_REVIEW_PROVIDER) {
    case "anthropic":
      return { provider: "anthropic", apiKey: env.ANTHROPIC_API_KEY ?? "", baseURL: env.ANTHROPIC_BASE_URL, structuredOutput };
    case "bedrock":
      return {
        provider: "bedrock",
        region: env.AWS_REGION ?? "",
        bearerToken: env.AWS_BEARER_TOKEN_BEDROCK,
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN,
        credentialSource: awsCredentialSource(env),
        baseURL: env.ANTHROPIC_BEDROCK_BASE_URL,
        structuredOutput,
      };
    case "vertex":
      return {
        provider: "vertex",
        region: env.CLOUD_ML_REGION ?? "",
        projectId: env.ANTHROPIC_VERTEX_PROJECT_ID ?? env.GOOGLE_CLOUD_PROJECT ?? "",
        credentialsFile: env.GOOGLE_APPLICATION_CREDENTIALS,
        credentialSource: env.GOOGLE_APPLICATION_CREDENTIALS ? "the key file GOOGLE_APPLICATION_CREDENTIALS names" : "Google application default credentials",
        baseURL: env.ANTHROPIC_VERTEX_BASE_URL,
        structuredOutput,
      };
  }
}

/** The same order as the Bedrock SDK: a Bedrock API key, static keys, then the AWS chain. */
function awsCredentialSource(env: ProviderEnv): string {
  if (env.AWS_BEARER_TOKEN_BEDROCK) return "AWS_BEARER_TOKEN_BEDROCK";
  if (env.AWS_ACCESS_KEY_ID) return env.AWS_SESSION_TOKEN ? "AWS_ACCESS_KEY_ID with AWS_SESSION_TOKEN" : "AWS_ACCESS_KEY_ID";
  if (env.AWS_PROFILE) return "the AWS_PROFILE profile";
  return "the default AWS credential chain (shared config, web identity, container or instance role)";
}
