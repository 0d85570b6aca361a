import { parseEnv, type DeploymentEnv } from "../config/env.js";
import { providerProblems } from "../config/provider-env.js";
import { CliError } from "./cli-error.js";

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

/*
 * The App's tuning and provider variables (chunk size, review budget, retries, timeout, agent file,
 * BACKEND_REVIEW_PROVIDER…) mean the same here, so the App's parser checks them. The provider's
 * credentials, which a dry run does not need, are checked only when a model call is about to be made.
 */
export function readSettingsEnv(env: Env): DeploymentEnv {
  const parsed = parseEnv(env, { credentials: false });
  if (!parsed.ok) throw new CliError(["invalid environment:", ...parsed.errors.map((e) => `  ${e}`)].join("\n"));
  return parsed.env;
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The chosen provider's credentials and places, each missing one named (the same rules as the App). */
export function requireModelCredentials(env: Env): void {
  const provider = nonEmpty(env, "BACKEND_REVIEW_PROVIDER")?.toLowerCase() ?? "anthropic";
  if (provider === "anthropic" && !nonEmpty(env, "ANTHROPIC_API_KEY")) {
    throw new CliError("ANTHROPIC_API_KEY is not set: the review calls Anthropic's API with it (--dry-run shows the plan without it)");
  }
  const problems = providerProblems(env);
  if (problems.length === 1) throw new CliError(`${problems[0]} (--dry-run shows the plan without it)`);
  if (problems.length > 1) throw new CliError(["the model cannot be called:", ...problems.map((p) => `  ${p}`), "(--dry-run shows the plan without them)"].join("\n"));
}

export function requireGitHubToken(env: Env): string {
  const token = nonEmpty(env, "GITHUB_TOKEN");
  if (!token) throw new CliError("GITHUB_TOKEN is not set: pr mode reads the pull request with it");
  return token;
}

/** GitHub Enterprise Server answers at https://<host>/api/v3. */
export function githubApiUrl(env: Env): string {
  const value = nonEmpty(env, "GITHUB_API_URL") ?? DEFAULT_GITHUB_API_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`GITHUB_API_URL must be an http(s) URL such as ${DEFAULT_GITHUB_API_URL}; found ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new CliError(`GITHUB_API_URL must be an http(s) URL such as ${DEFAULT_GITHUB_API_URL}; found ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, "");
}
