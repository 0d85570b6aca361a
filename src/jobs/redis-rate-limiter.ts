import type { Redis } from "ioredis";
import type { RateLimiter } from "../commands/rate-limiter.js";
import type { Logger } from "../review/logger.js";

const HOUR_MS = 3_600_000;

// One round trip, atomic across replicas: drop uses older than an hour, then take a slot or report
// when the oldest use expires.
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, tonumber(ARGV[1]) - ${HOUR_MS})
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2])}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ${HOUR_MS})
return {1, 0}
`;

/** The per-PR command cap shared by every replica. If Redis cannot answer, the command goes ahead. */
export function createRedisRateLimiter(client: Redis, options: { prefix: string; log: Logger; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  let sequence = 0;
  return {
    async take(key, perHour) {
      const t = now();
      try {
        const member = `${t}-${process.pid}-${(sequence += 1)}`;
        const [ok, oldest] = (await client.eval(TAKE, 1, `${options.prefix}:command-cap:${key}`, t, perHour, member)) as [number, number];
        return ok === 1 ? { ok: true } : { ok: false, retryAt: new Date(oldest + HOUR_MS) };
      } catch (error) {
        options.log.warn({ err: error }, "could not check the command cap in Redis; running the command");
        return { ok: true };
      }
    },
  };
}
