import githubAppJwt from "universal-github-app-jwt";

/** What Octokit's App auth takes from a `createJwt` function. */
export interface AppJwt {
  jwt: string;
  expiresAt: string;
}

interface Signed {
  jwt: AppJwt;
  /** When the JWT expires, on this machine's clock. */
  expiresMs: number;
}

/** A JWT is used until this close to its expiry (GitHub accepts one for 10 minutes). */
const RENEW_BEFORE_MS = 60_000;

/**
 * One App JWT for all installation-token exchanges until it nears expiry. Octokit's App auth
 * signs a new JWT for every installation token, and each signature imports the PEM key twice and
 * runs RSA on the App's only thread: with a hundred installations starting reviews at once, that
 * held webhook answers back for most of a second. Keyed by the clock correction Octokit passes
 * after GitHub reported a skew, so a corrected JWT is never served from the old entry.
 */
export function createAppJwtCache(privateKey: string, now: () => number = Date.now): (appId: string | number, timeDifference?: number) => Promise<AppJwt> {
  const cache = new Map<string, Promise<Signed>>();

  const sign = (appId: string | number, timeDifference: number, key: string): Promise<Signed> => {
    const signing = githubAppJwt({ id: appId, privateKey, now: Math.floor(now() / 1000) + timeDifference }).then((result) => ({
      jwt: { jwt: result.token, expiresAt: new Date(result.expiration * 1000).toISOString() },
      expiresMs: (result.expiration - timeDifference) * 1000,
    }));
    cache.set(key, signing);
    // A failed signature is not kept: the next caller signs again.
    signing.catch(() => {
      if (cache.get(key) === signing) cache.delete(key);
    });
    return signing;
  };

  return async (appId, timeDifference = 0) => {
    const key = `${appId}:${timeDifference}`;
    // Set before any await, so callers arriving together share one signature.
    const pending = cache.get(key) ?? sign(appId, timeDifference, key);
    const entry = await pending.catch(() => undefined);
    if (entry && entry.expiresMs - now() > RENEW_BEFORE_MS) return entry.jwt;
    const latest = cache.get(key);
    return (await (latest && latest !== pending ? latest : sign(appId, timeDifference, key))).jwt;
  };
}
