import type { Redis } from "ioredis";
import type { NoticeClaims } from "./notice-runner.js";

/** As long as a redelivery of a refused webhook can come (GitHub redelivers within hours). */
const CLAIM_TTL_S = 24 * 3600;

/** Notice claims in Redis under `<prefix>:notice:<key>`: the first replica to set the key sends. */
export function createRedisNoticeClaims(client: Redis, prefix: string): NoticeClaims {
  const keyOf = (key: string) => `${prefix}:notice:${key}`;
  return {
    claim: async (key) => (await client.set(keyOf(key), "1", "EX", CLAIM_TTL_S, "NX")) === "OK",
    release: async (key) => {
      await client.del(keyOf(key));
    },
  };
}
