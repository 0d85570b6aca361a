import { Redis } from "ioredis";
import type { Logger } from "../review/logger.js";

/** The URL fit for a log line: scheme, host, port and database; the password as "***". */
export function redactRedisUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

/** Error text with the URL's password cut out, should a message ever echo it. */
function scrubbed(error: unknown, url: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const password = decodeURIComponent(new URL(url).password);
  return password === "" ? text : text.split(password).join("***");
}

/**
 * One client. The producer's commands fail fast while Redis is down (a webhook is then answered
 * 500 and can be redelivered) instead of hanging past GitHub's 10 seconds; the worker's wait for
 * Redis to come back, as BullMQ requires. An outage is logged once, and its end once.
 */
export function connectRedis(url: string, role: "producer" | "worker", log: Logger): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: role === "worker" ? null : 1, connectionName: `backend-review-${role}` });
  const where = redactRedisUrl(url);
  let down = false;
  client.on("error", (error: unknown) => {
    if (down) return;
    down = true;
    log.warn({ redis: where, role, error: scrubbed(error, url) }, "Redis unreachable; reconnecting");
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    log.info({ redis: where, role }, "Redis reachable again");
  });
  return client;
}

/** Whether Redis answers a PING within `ms` (an unreachable one never answers: no hanging probe). */
export async function pingWithin(client: Redis, ms: number): Promise<boolean> {
  if (client.status !== "ready") return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const answer = client.ping().then(
    (reply) => reply === "PONG",
    () => false,
  );
  const result = await Promise.race([answer, timeout]);
  clearTimeout(timer);
  return result;
}

/** At most one line a minute for errors that repeat while Redis is away (BullMQ re-emits them). */
export function throttledWarn(log: Logger, url: string, message: string, everyMs = 60_000): (error: unknown) => void {
  let last = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    log.warn({ error: scrubbed(error, url) }, message);
  };
}
