import { expect, it } from "vitest";
import { createRedisRateLimiter } from "../../src/jobs/redis-rate-limiter.js";
import { silentLogger } from "../../src/review/logger.js";
import { describeWithRedis, useRedisClient } from "./redis-harness.js";

const { client, prefix } = useRedisClient();

describeWithRedis("command cap on Redis", () => {
  it("is one cap per pull request for every replica, freeing a slot an hour after its use", async () => {
    let now = Date.parse("2026-11-29T10:00:00Z");
    const replicaA = createRedisRateLimiter(client, { prefix, log: silentLogger, now: () => now });
    const replicaB = createRedisRateLimiter(client, { prefix, log: silentLogger, now: () => now });
    expect(await replicaA.take("acme/api#1", 2)).toEqual({ ok: true });
    now += 60_000;
    expect(await replicaB.take("acme/api#1", 2)).toEqual({ ok: true });
    expect(await replicaA.take("acme/api#1", 2)).toEqual({ ok: false, retryAt: new Date("2026-11-29T11:00:00Z") });
    expect(await replicaB.take("acme/api#2", 2)).toEqual({ ok: true });
    now = Date.parse("2026-11-29T11:00:01Z");
    expect(await replicaB.take("acme/api#1", 2)).toEqual({ ok: true });
  });
});
