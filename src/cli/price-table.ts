/**
 * LIST PRICES in USD per million tokens, as Anthropic published them while @anthropic-ai/sdk 1.14.0
 * (November 2026) was current. They are for a dry run's estimate only and go stale: check
 * https://www.anthropic.com/pricing before relying on them. First matching row wins.
 */
export interface ModelPrice {
  family: string;
  input: number;
  output: number;
}

const PRICES: readonly { pattern: RegExp; price: ModelPrice }[] = [
  { pattern: /^claude-(fable|mythos)-5/, price: { family: "Fable / Mythos 5", input: 10, output: 50 } },
  { pattern: /^claude-opus-5-5/, price: { family: "Opus 5.5", input: 4, output: 20 } },
  { pattern: /^claude-opus-(5|4-[5-9])/, price: { family: "Opus 4.5 to 5", input: 5, output: 25 } },
  { pattern: /^claude-opus-4/, price: { family: "Opus 4 and 4.1", input: 15, output: 75 } },
  { pattern: /^claude-sonnet-5/, price: { family: "Sonnet 5 and 5.5", input: 2, output: 10 } },
  { pattern: /^claude-sonnet-4/, price: { family: "Sonnet 4.x", input: 3, output: 15 } },
  // Haiku 5.5 costs more per token once a prompt passes 100k tokens; a call stays under that unless
  // BACKEND_REVIEW_CHUNK_TOKENS is raised close to its maximum.
  { pattern: /^claude-haiku-5-5/, price: { family: "Haiku 5.5", input: 0.1, output: 0.5 } },
  { pattern: /^claude-haiku-4-5/, price: { family: "Haiku 4.5", input: 1, output: 5 } },
];

/** Prompt caching, relative to the input price: writing the cache, then reading it. */
export const CACHE_WRITE_MULTIPLIER = 1.25;
export const CACHE_READ_MULTIPLIER = 0.1;

export function priceOf(model: string): ModelPrice | undefined {
  return PRICES.find((row) => row.pattern.test(model))?.price;
}

export interface CostEstimate {
  input: number;
  /** Every call using its whole output allowance: a ceiling, never the expected figure. */
  outputCeiling: number;
}

export interface CostInput {
  systemTokens: number;
  callTokens: readonly number[];
  /** Calls that start together cannot read each other's cache entry: each of them writes it. */
  concurrency: number;
  maxOutputTokens: number;
}

export function estimateCost(price: ModelPrice, plan: CostInput): CostEstimate {
  const perToken = price.input / 1_000_000;
  const writers = Math.min(plan.concurrency, plan.callTokens.length);
  const readers = plan.callTokens.length - writers;
  const diffTokens = plan.callTokens.reduce((sum, tokens) => sum + tokens - plan.systemTokens, 0);
  const systemCost = plan.systemTokens * perToken * (writers * CACHE_WRITE_MULTIPLIER + readers * CACHE_READ_MULTIPLIER);
  return {
    input: diffTokens * perToken + systemCost,
    outputCeiling: (plan.callTokens.length * plan.maxOutputTokens * price.output) / 1_000_000,
  };
}
