import { CATEGORIES } from "../review/finding.js";
import { resolveModel } from "../review/agent.js";
import type { ReviewSettings } from "../review/review-settings.js";
import type { RepoConfig } from "./repo-config-schema.js";
import type { ConfigProblem } from "./validate-repo-config.js";

export type SettingsResult = { ok: true; settings: ReviewSettings } | { ok: false; problems: ConfigProblem[] };

/**
 * The deployment's settings narrowed by the repository's configuration. A repository may spend
 * less than the operator allows, never more.
 */
export function buildReviewSettings(base: ReviewSettings, config: RepoConfig, agentModel?: string): SettingsResult {
  let model = agentModel ?? base.model;
  if (config.model !== undefined) {
    try {
      model = resolveModel(config.model);
    } catch (error) {
      return { ok: false, problems: [{ key: "model", message: error instanceof Error ? error.message : String(error) }] };
    }
  }
  return {
    ok: true,
    settings: {
      ...base,
      model,
      reviewTokens: Math.min(base.reviewTokens, config.max_input_tokens ?? Number.POSITIVE_INFINITY),
      maxComments: config.max_comments,
      minSeverity: config.min_severity,
      minConfidence: config.min_confidence,
      verify: config.verify,
      failOn: config.fail_on,
      categories: CATEGORIES.filter((c) => config.categories[c]),
      include: config.paths.include,
      exclude: config.paths.exclude,
      reviewTests: config.review_tests,
      context: config.context,
      instructions: config.instructions,
    },
  };
}
