import type { Redis } from "ioredis";
import type { Logger } from "../review/logger.js";
import type { TokenUsage } from "../review/model.js";

/**
 * A per-installation daily token allowance, so one organisation's busy day cannot run up an
 * unbounded bill. Counted from the usage the model reports (cache reads and writes included);
 * days are UTC. In memory by default; on Redis all replicas count together.
 */
export interface TokenBudget {
  /** 0 means unlimited. */
  readonly dailyLimit: number;
  spentToday(installationId: number): Promise<number>;
  isSpent(installationId: number): Promise<boolean>;
  record(installationId: number, usage: TokenUsage): Promise<void>;
}

export function totalTokens(usage: TokenUsage): number {
  return usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
}

const today = (now: () => Date) => now().toISOString().slice(0, 10);

export function createTokenBudget(dailyLimit: number, now: () => Date = () => new Date()): TokenBudget {
  let day = "";
  let spent = new Map<number, number>();
  const current = (): Map<number, number> => {
    if (today(now) !== day) {
      day = today(now);
      spent = new Map();
    }
    return spent;
  };
  return {
    dailyLimit,
    spentToday: async (id) => current().get(id) ?? 0,
    isSpent: async (id) => dailyLimit > 0 && (current().get(id) ?? 0) >= dailyLimit,
    async record(id, usage) {
      const map = current();
      map.set(id, (map.get(id) ?? 0) + totalTokens(usage));
    },
  };
}

/**
 * The same budget shared by every replica: one counter per installation and UTC day, kept two
 * days. If Redis cannot answer, the review goes ahead (the queue itself reports the outage):
 * a lost count must not stop every review.
 */
export function createRedisTokenBudget(client: Redis, dailyLimit: number, options: { prefix: string; log: Logger; now?: () => Date }): TokenBudget {
  const now = options.now ?? (() => new Date());
  const key = (id: number) => `${options.prefix}:budget:${id}:${today(now)}`;
  const read = async (id: number): Promise<number> => {
    try {
      return Number((await client.get(key(id))) ?? 0);
    } catch (error) {
      options.log.warn({ err: error }, "could not read the token budget from Redis; reviewing anyway");
      return 0;
    }
  };
  return {
    dailyLimit,
    spentToday: read,
    isSpent: async (id) => dailyLimit > 0 && (await read(id)) >= dailyLimit,
    async record(id, usage) {
      try {
        await client.multi().incrby(key(id), totalTokens(usage)).expire(key(id), 2 * 86_400).exec();
      } catch (error) {
        options.log.warn({ err: error }, "could not count tokens in Redis");
      }
    },
  };
}
