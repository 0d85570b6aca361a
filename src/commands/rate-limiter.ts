export type Slot = { ok: true } | { ok: false; retryAt: Date };

/**
 * Caps command-triggered paid work per pull request in a sliding hour, so a comment thread cannot
 * run up the bill. In memory here (each process counts what it sees); on Redis for all replicas.
 */
export interface RateLimiter {
  /** Takes a slot if one is free; otherwise says when the oldest one frees up. */
  take(key: string, perHour: number): Promise<Slot>;
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const hour = 3_600_000;
  const uses = new Map<string, number[]>();
  return {
    async take(key, perHour) {
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
