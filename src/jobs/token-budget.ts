import type { TokenUsage } from "../review/model.js";

/**
 * A per-installation daily token allowance, so one organisation's busy day cannot run up an
 * unbounded bill. Counted from the usage the model reports; days are UTC. Kept in memory: with
 * several replicas each one enforces its own share.
 */
export interface TokenBudget {
  /** 0 means unlimited. */
  readonly dailyLimit: number;
  spentToday(installationId: number): number;
  isSpent(installationId: number): boolean;
  record(installationId: number, usage: TokenUsage): void;
}

export function totalTokens(usage: TokenUsage): number {
  return usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
}

export function createTokenBudget(dailyLimit: number, now: () => Date = () => new Date()): TokenBudget {
  let day = "";
  let spent = new Map<number, number>();
  const current = (): Map<number, number> => {
    const today = now().toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      spent = new Map();
    }
    return spent;
  };
  return {
    dailyLimit,
    spentToday: (id) => current().get(id) ?? 0,
    isSpent: (id) => dailyLimit > 0 && (current().get(id) ?? 0) >= dailyLimit,
    record(id, usage) {
      const map = current();
      map.set(id, (map.get(id) ?? 0) + totalTokens(usage));
    },
  };
}
