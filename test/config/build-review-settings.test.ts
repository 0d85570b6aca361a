import { describe, expect, it } from "vitest";
import { buildReviewSettings } from "../../src/config/build-review-settings.js";
import { RepoConfigSchema } from "../../src/config/repo-config-schema.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../../src/review/review-settings.js";

const BASE: ReviewSettings = { ...DEFAULT_REVIEW_SETTINGS, model: "claude-deployment-1", reviewTokens: 200_000 };

function build(settings: Record<string, unknown>, agentModel?: string) {
  return buildReviewSettings(BASE, RepoConfigSchema.parse(settings), agentModel);
}

function settingsOf(settings: Record<string, unknown>, agentModel?: string): ReviewSettings {
  const result = build(settings, agentModel);
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.settings;
}

describe("buildReviewSettings", () => {
  it("keeps the deployment's settings under the default configuration", () => {
    expect(settingsOf({})).toEqual({ ...BASE, instructions: undefined });
  });

  it.each<[string, Record<string, unknown>, string | undefined, string]>([
    ["the deployment's model by default", {}, undefined, "claude-deployment-1"],
    ["the repository agent's model", {}, "claude-agent-model", "claude-agent-model"],
    ["an alias over the agent's model", { model: "opus" }, "claude-agent-model", "claude-opus-5-5"],
    ["an alias in any case", { model: "Haiku" }, undefined, "claude-haiku-5-5"],
    ["a full model id as written", { model: "claude-sonnet-4-5" }, undefined, "claude-sonnet-4-5"],
    ["a full model id with surrounding spaces trimmed", { model: " claude-sonnet-4-5 " }, undefined, "claude-sonnet-4-5"],
  ])("uses %s", (_name, settings, agentModel, model) => {
    expect(settingsOf(settings, agentModel).model).toBe(model);
  });

  it.each(["gpt 4", "sonnet!", "-opus"])("reports the model %j on the key model", (model) => {
    expect(build({ model }, "claude-agent-model")).toEqual({
      ok: false,
      problems: [
        {
          key: "model",
          message: `unknown model "${model}" (use one of sonnet, opus, haiku, inherit or a full model id such as claude-sonnet-4-5)`,
        },
      ],
    });
  });

  it.each<[number | undefined, number]>([
    [undefined, 200_000],
    [50_000, 50_000],
    [200_000, 200_000],
    // A repository may spend less than the operator allows, never more.
    [1_000_000, 200_000],
  ])("max_input_tokens %s gives a budget of %s", (maxInputTokens, budget) => {
    expect(settingsOf({ max_input_tokens: maxInputTokens }).reviewTokens).toBe(budget);
  });

  it.each<[Record<string, boolean>, string[]]>([
    [{}, ["security", "performance", "reliability"]],
    [{ performance: false }, ["security", "reliability"]],
    [{ security: false, reliability: false }, ["performance"]],
    [{ security: false, performance: false, reliability: false }, []],
  ])("categories %j become %j", (categories, expected) => {
    expect(settingsOf({ categories }).categories).toEqual(expected);
  });

  it("takes the review policy from the configuration", () => {
    const settings = settingsOf({
      max_comments: 5,
      min_severity: "high",
      fail_on: "critical",
      paths: { include: ["scripts/**"], exclude: ["legacy/**"] },
      instructions: "We use Knex; raw queries need review.",
    });
    expect(settings).toEqual({
      ...BASE,
      maxComments: 5,
      minSeverity: "high",
      failOn: "critical",
      include: ["scripts/**"],
      exclude: ["legacy/**"],
      instructions: "We use Knex; raw queries need review.",
    });
  });

  it("leaves the deployment's limits alone", () => {
    const settings = settingsOf({ max_comments: 50 });
    expect(settings).toMatchObject({ maxOutputTokens: BASE.maxOutputTokens, chunkTokens: BASE.chunkTokens, concurrency: BASE.concurrency });
  });
});
