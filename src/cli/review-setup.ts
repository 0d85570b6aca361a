import { buildReviewSettings } from "../config/build-review-settings.js";
import { reviewLimitsFrom, type DeploymentEnv } from "../config/env.js";
import type { RepoConfig } from "../config/repo-config-schema.js";
import { DEFAULT_AGENT_PATH, loadAgentFile, parseAgent, resolveModel, type AgentDefinition } from "../review/agent.js";
import type { FailOn } from "../review/decide-conclusion.js";
import type { ReviewSettings } from "../review/review-settings.js";
import { CliError, messageOf } from "./cli-error.js";
import { configError } from "./local-config.js";

export interface SetupFlags {
  model?: string | undefined;
  failOn?: FailOn | undefined;
}

export interface ReviewSetup {
  agent: AgentDefinition;
  settings: ReviewSettings;
}

/** A repository file named by the config's `agent` key: default branch in pr mode, working tree in diff mode. */
export type RepoFileReader = (path: string) => Promise<{ text: string; source: string } | undefined>;

/**
 * The App's settings pipeline (deployment env, then the repository's config), then the invoker's
 * choices on top: in the CLI the environment belongs to the person running it, so
 * --model > BACKEND_REVIEW_MODEL > the config's `model` > the agent file's.
 */
export async function prepareSetup(
  env: DeploymentEnv,
  config: RepoConfig,
  flags: SetupFlags,
  readRepoFile: RepoFileReader | undefined,
): Promise<ReviewSetup> {
  const builtIn = await loadAgentFile(env.BACKEND_REVIEW_AGENT_FILE ?? DEFAULT_AGENT_PATH).catch((error: unknown) => {
    throw new CliError(messageOf(error));
  });
  const agent = config.agent === undefined ? builtIn : await repoAgent(config.agent, readRepoFile);
  const base: ReviewSettings = { ...reviewLimitsFrom(env), model: builtIn.model };
  const built = buildReviewSettings(base, config, config.agent === undefined ? undefined : agent.model);
  if (!built.ok) throw configError(built.problems);
  const settings = { ...built.settings, failOn: flags.failOn ?? built.settings.failOn };
  if (flags.model !== undefined) return { agent, settings: { ...settings, model: overrideModel(flags.model, "--model") } };
  if (env.BACKEND_REVIEW_MODEL !== undefined) {
    return { agent, settings: { ...settings, model: overrideModel(env.BACKEND_REVIEW_MODEL, "BACKEND_REVIEW_MODEL") } };
  }
  return { agent, settings };
}

export function overrideModel(setting: string, origin: string): string {
  try {
    return resolveModel(setting);
  } catch (error) {
    throw new CliError(`${origin}: ${messageOf(error)}`);
  }
}

async function repoAgent(path: string, readRepoFile: RepoFileReader | undefined): Promise<AgentDefinition> {
  const file = await readRepoFile?.(path);
  if (!file) throw configError([{ key: "agent", message: `the agent file ${path} does not exist` }]);
  try {
    return parseAgent(file.text, file.source);
  } catch (error) {
    throw configError([{ key: "agent", message: messageOf(error) }]);
  }
}
