import { z } from "zod";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../review/review-settings.js";
import { PROVIDER_ENV_FIELDS, providerProblems } from "./provider-env.js";

const int = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max} (${name})` });
        return z.NEVER;
      }
      return n;
    });

/** `redis://` or `rediss://` (TLS); empty counts as unset. Never echoed: it may hold a password. */
const redisUrl = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === "") return undefined;
    const url = URL.canParse(value.trim()) ? new URL(value.trim()) : undefined;
    if (!url || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
      ctx.addIssue({ code: "custom", message: "must be a redis:// or rediss:// URL, e.g. redis://:password@redis.internal:6379/0" });
      return z.NEVER;
    }
    return value.trim();
  });

/** What this process does: everything (the default), only webhooks, or only jobs (both need Redis). */
export const ROLES = ["all", "web", "worker"] as const;
export type Role = (typeof ROLES)[number];

const role = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const trimmed = (value ?? "").trim();
    if (trimmed === "") return "all" as const;
    const known = ROLES.find((r) => r === trimmed);
    if (known === undefined) {
      ctx.addIssue({ code: "custom", message: `must be one of ${ROLES.join(", ")} (what this process does)` });
      return z.NEVER;
    }
    return known;
  });

/**
 * Our deployment settings, read once at start-up. Probot reads its own variables (APP_ID,
 * PRIVATE_KEY, WEBHOOK_SECRET, PORT, GHE_HOST, LOG_LEVEL…) itself.
 */
const EnvSchema = z.object({
  // BACKEND_REVIEW_PROVIDER and the variables of Anthropic's API, Amazon Bedrock and Vertex AI.
  ...PROVIDER_ENV_FIELDS,
  BACKEND_REVIEW_AGENT_FILE: z.string().trim().min(1).optional(),
  BACKEND_REVIEW_MODEL: z.string().trim().min(1).optional(),
  BACKEND_REVIEW_CONCURRENT_REVIEWS: int("reviews run at once by this process", 1, 64, 4),
  BACKEND_REVIEW_MAX_QUEUED: int("review jobs queued or running at most; more are refused with a neutral check", 1, 1_000_000, 1000),
  BACKEND_REVIEW_MODEL_CONCURRENCY: int("model calls at once within one review", 1, 16, 4),
  BACKEND_REVIEW_CHUNK_TOKENS: int("estimated diff tokens per model call", 2_000, 150_000, 24_000),
  BACKEND_REVIEW_MAX_INPUT_TOKENS: int("estimated input tokens per review", 10_000, 5_000_000, 400_000),
  BACKEND_REVIEW_MAX_FILES: int("server-side files one review reads", 1, 3000, 300),
  BACKEND_REVIEW_MAX_PATCH_BYTES: int("bytes of one file's diff a review reads", 1_000, 100_000_000, 200_000),
  BACKEND_REVIEW_MAX_REVIEW_BYTES: int("bytes of diff one review reads in all", 10_000, 1_000_000_000, 3_000_000),
  BACKEND_REVIEW_MAX_CALLS: int("model calls one review makes", 1, 1_000, 40),
  BACKEND_REVIEW_MODEL_RETRIES: int("retries of a failed model call", 0, 10, 2),
  BACKEND_REVIEW_MODEL_TIMEOUT_MS: int("milliseconds one model call may take", 5_000, 900_000, 180_000),
  BACKEND_REVIEW_DAILY_TOKEN_BUDGET: int("tokens one installation may spend per day, 0 for no limit", 0, 1_000_000_000_000, 0),
  BACKEND_REVIEW_SHUTDOWN_TIMEOUT_MS: int("milliseconds running reviews get to finish at shutdown", 0, 3_600_000, 25_000),
  BACKEND_REVIEW_JOB_ATTEMPTS: int("tries of a review job after transient failures, with REDIS_URL", 1, 10, 3),
  REDIS_URL: redisUrl,
  BACKEND_REVIEW_REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.{}-]{1,64}$/, "must be 1 to 64 letters, digits or _ . - { } (the start of every Redis key of this deployment)")
    .optional()
    .default("backend-review"),
  BACKEND_REVIEW_ROLE: role,
  METRICS_PORT: int("TCP port of /healthz, /readyz and /metrics, apart from the webhook port", 1, 65_535, 9102),
  BACKEND_REVIEW_ALLOW_REPOS: z.string().optional(),
  BACKEND_REVIEW_DENY_REPOS: z.string().optional(),
});

export type DeploymentEnv = z.output<typeof EnvSchema>;

/** Every variable the schema reads; the deploy recipes are checked against it (Probot and the Anthropic SDK read their own). */
export const DEPLOYMENT_ENV_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

/** The review limits a deployment sets, shared by the App and the CLI. */
export function reviewLimitsFrom(env: DeploymentEnv): Omit<ReviewSettings, "model"> {
  return {
    ...DEFAULT_REVIEW_SETTINGS,
    concurrency: env.BACKEND_REVIEW_MODEL_CONCURRENCY,
    chunkTokens: env.BACKEND_REVIEW_CHUNK_TOKENS,
    reviewTokens: env.BACKEND_REVIEW_MAX_INPUT_TOKENS,
    maxFiles: env.BACKEND_REVIEW_MAX_FILES,
    maxPatchBytes: env.BACKEND_REVIEW_MAX_PATCH_BYTES,
    maxReviewBytes: env.BACKEND_REVIEW_MAX_REVIEW_BYTES,
    maxCalls: env.BACKEND_REVIEW_MAX_CALLS,
  };
}

export type EnvResult = { ok: true; env: DeploymentEnv } | { ok: false; errors: string[] };

/**
 * Every problem at once, each naming its variable; values are never echoed (they may be secrets).
 * `credentials: false` skips the provider's credentials (the CLI checks them only before a model call).
 */
export function parseEnv(source: NodeJS.ProcessEnv, options: { credentials?: boolean } = {}): EnvResult {
  const parsed = EnvSchema.safeParse(source);
  const errors = options.credentials === false ? [] : providerProblems(source);
  if (!parsed.success) errors.push(...parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  errors.push(...deploymentProblems(source, errors));
  if (parsed.success && errors.length === 0) return { ok: true, env: parsed.data };
  return { ok: false, errors };
}

/**
 * What no single variable shows: a role that needs the shared queue, two servers on one port.
 * Read from the raw values so they are reported together with the per-variable problems.
 */
function deploymentProblems(source: NodeJS.ProcessEnv, found: readonly string[]): string[] {
  const problems: string[] = [];
  const named = (name: string) => found.some((e) => e.startsWith(`${name} `));
  const role = (source.BACKEND_REVIEW_ROLE ?? "").trim() || "all";
  if ((role === "web" || role === "worker") && (source.REDIS_URL ?? "").trim() === "" && !named("BACKEND_REVIEW_ROLE")) {
    problems.push(`BACKEND_REVIEW_ROLE=${role} needs REDIS_URL: web and worker processes share jobs through Redis; without it only "all" runs (one process does both)`);
  }
  const metricsPort = Number((source.METRICS_PORT ?? "").trim() || 9102);
  const webhookPort = Number(source.PORT) || 3000;
  if (role !== "worker" && metricsPort === webhookPort && !named("METRICS_PORT")) {
    problems.push(`METRICS_PORT must differ from PORT (${webhookPort}, the webhook port): the operations endpoints are served apart from the port GitHub reaches`);
  }
  return problems;
}
