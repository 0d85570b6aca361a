/**
 * Caps command-triggered paid work per pull request in a sliding hour, so a comment thread cannot
 * run up the bill. In memory: each replica enforces the cap on what it sees.
 */
export interface RateLimiter {
  /** Takes a slot if one is free; otherwise says when the oldest one frees up. */
  take(key: string, perHour: number): { ok: true } | { ok: false; retryAt: Date };
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const hour = 3_600_000;
  const uses = new Map<string, number[]>();
  return {
    take(key, perHour) {
      const t = now();
      const recent = (uses.get(key) ?? []).filter((at) => t - at < hour);
      if (recent.length >= perHour) {
        uses.set(key, recent);
        return { ok: false, retryAt: new Date((recent[0] ?? t) + hour) };
      }
      recent.push(t);
      uses.set(key, recent);
      return { ok: true };
    },
  };
}
