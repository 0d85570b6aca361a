import { CACHE_READ_MULTIPLIER, CACHE_WRITE_MULTIPLIER, priceOf } from "../src/cli/price-table.js";
import { addUsage, NO_USAGE, type TokenUsage } from "../src/review/model.js";

export interface CostTotal {
  usd: number;
  /** Models missing from the price table: their tokens are counted but not priced. */
  unpriced: string[];
}

/** List-price estimate of what the calls cost: the price table's caveats apply. */
export function costOf(usage: TokenUsage, model: string): number | undefined {
  const price = priceOf(model);
  if (!price) return undefined;
  const input = usage.input + usage.cacheRead * CACHE_READ_MULTIPLIER + usage.cacheWrite * CACHE_WRITE_MULTIPLIER;
  return (input * price.input + usage.output * price.output) / 1_000_000;
}

export function totalCost(runs: readonly { usage: TokenUsage; model: string }[]): { usage: TokenUsage; cost: CostTotal } {
  const unpriced = new Set<string>();
  let usd = 0;
  let usage: TokenUsage = { ...NO_USAGE };
  for (const run of runs) {
    usage = addUsage(usage, run.usage);
    const cost = costOf(run.usage, run.model);
    if (cost === undefined) unpriced.add(run.model);
    else usd += cost;
  }
  return { usage, cost: { usd, unpriced: [...unpriced].sort() } };
}
