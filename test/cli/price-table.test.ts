import { describe, expect, it } from "vitest";
import { CACHE_READ_MULTIPLIER, CACHE_WRITE_MULTIPLIER, estimateCost, priceOf } from "../../src/cli/price-table.js";
import { MODEL_ALIASES } from "../../src/review/agent.js";

describe("price table", () => {
  it("prices every alias the agent file may name, and each family by its newest row", () => {
    for (const model of Object.values(MODEL_ALIASES)) expect(priceOf(model)).toBeDefined();
    expect(priceOf("claude-opus-5-5")).toMatchObject({ input: 4, output: 20 });
    expect(priceOf("claude-opus-4-5-20251101")).toMatchObject({ input: 5, output: 25 });
    expect(priceOf("claude-opus-4-1")).toMatchObject({ input: 15, output: 75 });
    expect(priceOf("claude-sonnet-4-5")).toMatchObject({ input: 3, output: 15 });
    expect(priceOf("claude-haiku-5-5")).toMatchObject({ input: 0.1, output: 0.5 });
    expect(priceOf("my-proxy-model")).toBeUndefined();
  });

  it("charges the system prompt a cache write per call that starts together, a cache read after", () => {
    expect([CACHE_WRITE_MULTIPLIER, CACHE_READ_MULTIPLIER]).toEqual([1.25, 0.1]);
    const price = { family: "test", input: 1, output: 5 };
    // 3 calls, 2 at once: system 1,000 tokens written twice and read once; 3 × 500 diff tokens.
    const cost = estimateCost(price, { systemTokens: 1000, callTokens: [1500, 1500, 1500], concurrency: 2, maxOutputTokens: 100 });
    expect(cost.input).toBeCloseTo((1500 + 1000 * (2 * 1.25 + 0.1)) / 1_000_000, 12);
    expect(cost.outputCeiling).toBeCloseTo((3 * 100 * 5) / 1_000_000, 12);
  });
});
