import path from "node:path";
import { PROVIDERS } from "../config/provider-env.js";
import { CONFIG_PATH } from "../config/repo-config-schema.js";
import { CliError } from "../cli/cli-error.js";
import { overrideModel } from "../cli/review-setup.js";
import type { FailOn } from "../review/decide-conclusion.js";
import { SEVERITIES } from "../review/finding.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The `with:` values of action.yml, as the step gave them. */
export interface ActionInputs {
  anthropicApiKey?: string | undefined;
  provider?: string | undefined;
  githubToken: string;
  /** Unset: the configuration's `fail_on`. */
  failOn?: FailOn | undefined;
  /** A path in the repository, read from the default branch through the API. */
  config: string;
  model?: string | undefined;
  /** Where to write the SARIF file; unset: none. */
  sarif?: string | undefined;
}

/** The inputs action.yml declares (a test keeps the two lists equal). */
export const INPUT_NAMES = ["anthropic-api-key", "provider", "github-token", "fail-on", "config", "model", "sarif"] as const;

/** The runner passes input `fail-on` as `INPUT_FAIL-ON`: spaces become `_`, the hyphen stays, upper case. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

function input(env: Env, name: (typeof INPUT_NAMES)[number]): string | undefined {
  const value = env[inputVariable(name)]?.trim();
  return value ? value : undefined;
}

const FAIL_ON: readonly string[] = [...SEVERITIES, "never"];

/** Every input checked before any network call; each error names the input. */
export function readActionInputs(env: Env): ActionInputs {
  const githubToken = input(env, "github-token");
  if (!githubToken) throw new CliError("the github-token input is empty: leave it out to use the job's token (${{ github.token }}) or pass a token");
  const failOn = input(env, "fail-on");
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) {
    throw new CliError(`the fail-on input must be one of ${FAIL_ON.join(", ")}; found ${JSON.stringify(failOn)}`);
  }
  const provider = input(env, "provider")?.toLowerCase();
  if (provider !== undefined && !PROVIDERS.some((p) => p === provider)) {
    throw new CliError(`the provider input must be one of ${PROVIDERS.join(", ")}; found ${JSON.stringify(provider)}`);
  }
  const model = input(env, "model");
  if (model !== undefined) overrideModel(model, "the model input");
  return {
    anthropicApiKey: input(env, "anthropic-api-key"),
    provider,
    githubToken,
    failOn: failOn as FailOn | undefined,
    config: repositoryPath(input(env, "config") ?? CONFIG_PATH),
    model,
    sarif: input(env, "sarif"),
  };
}

/** `config` names a file of the repository (read from the default branch), never one on the runner. */
function repositoryPath(value: string): string {
  const normal = path.posix.normalize(value.replace(/^\.\//, ""));
  if (path.posix.isAbsolute(value) || normal.startsWith("../") || normal === ".." || normal === ".") {
    throw new CliError(`the config input must be a path inside the repository such as ${CONFIG_PATH}; found ${JSON.stringify(value)}`);
  }
  return normal;
}
