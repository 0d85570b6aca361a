import { Redis } from "ioredis";
import { expect, it } from "vitest";
import { createRedisTokenBudget } from "../../src/jobs/token-budget.js";
import { describeWithRedis, useRedisClient } from "./redis-harness.js";

const warnings: string[] = [];
const log = { debug() {}, info() {}, error() {}, warn: (_obj: object, msg?: string) => void warnings.push(msg ?? "") };
const usage = (tokens: number) => ({ input: tokens, output: 0, cacheRead: 0, cacheWrite: 0 });
const { client, prefix } = useRedisClient();

describeWithRedis("daily token budget on Redis", () => {
  it("is one budget for every replica, per installation and UTC day", async () => {
    const now = () => new Date("2026-11-29T23:00:00Z");
    const replicaA = createRedisTokenBudget(client, 1_000, { prefix, log, now });
    const replicaB = createRedisTokenBudget(client, 1_000, { prefix, log, now });
    await replicaA.record(7, usage(600));
    expect(await replicaB.isSpent(7)).toBe(false);
    await replicaB.record(7, { input: 100, output: 200, cacheRead: 50, cacheWrite: 50 });
    expect(await replicaA.spentToday(7)).toBe(1_000);
    expect(await replicaA.isSpent(7)).toBe(true);
    expect(await replicaA.isSpent(8)).toBe(false);
    const nextDay = createRedisTokenBudget(client, 1_000, { prefix, log, now: () => new Date("2026-11-30T00:01:00Z") });
    expect(await nextDay.spentToday(7)).toBe(0);
    const ttl = await client.ttl(`${prefix}:budget:7:2026-11-29`);
    expect(ttl).toBeGreaterThan(86_400);
  });

  it("lets reviews go ahead, with a warning, when Redis cannot answer", async () => {
    const down = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    down.on("error", () => {});
    const budget = createRedisTokenBudget(down, 10, { prefix, log });
    expect(await budget.isSpent(7)).toBe(false);
    await budget.record(7, usage(5));
    expect(warnings).toEqual([
      "could not read the token budget from Redis; reviewing anyway",
      "could not count tokens in Redis",
    ]);
    down.disconnect();
  });
});
