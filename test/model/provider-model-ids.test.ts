import { describe, expect, it } from "vitest";
import { providerModelId } from "../../src/model/provider-model-ids.js";
import { MODEL_ALIASES, resolveModel } from "../../src/review/agent.js";

describe("providerModelId: our model ids under each platform's name", () => {
  it.each([
    ["sonnet", "global.anthropic.claude-sonnet-5-5", "claude-sonnet-5-5"],
    ["opus", "global.anthropic.claude-opus-5-5", "claude-opus-5-5"],
    ["haiku", "global.anthropic.claude-haiku-5-5", "claude-haiku-5-5"],
    ["claude-sonnet-4-5", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5@20250929"],
  ])("%s", (setting, bedrock, vertex) => {
    const model = resolveModel(setting);
    expect(providerModelId("anthropic", model)).toBe(model);
    expect(providerModelId("bedrock", model)).toBe(bedrock);
    expect(providerModelId("vertex", model)).toBe(vertex);
  });

  it("maps every alias on both platforms", () => {
    for (const model of Object.values(MODEL_ALIASES)) {
      expect(providerModelId("bedrock", model)).toMatch(/^global\.anthropic\./);
      expect(providerModelId("vertex", model)).not.toBe("");
    }
  });

  it.each([
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "anthropic.claude-opus-4-6-v1",
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3",
    "claude-opus-4-1@20250805",
    "toString",
  ])("sends %s, a platform's own id, unchanged (and resolveModel accepts it)", (id) => {
    expect(resolveModel(id)).toBe(id);
    expect(providerModelId("bedrock", id)).toBe(id);
    expect(providerModelId("vertex", id)).toBe(id);
  });
});
