import { ProbotOctokit } from "probot";
import { createAppJwtCache, type AppJwt } from "./app-jwt-cache.js";

type CreateJwt = (appId: string | number, timeDifference?: number) => Promise<AppJwt>;

/** One JWT cache per private key: Probot builds a new Octokit for every installation. */
const caches = new Map<string, CreateJwt>();

function cacheFor(privateKey: string): CreateJwt {
  let createJwt = caches.get(privateKey);
  if (!createJwt) {
    createJwt = createAppJwtCache(privateKey);
    caches.set(privateKey, createJwt);
  }
  return createJwt;
}

/**
 * App auth options with the key swapped for the shared JWT cache. Octokit refuses both at once,
 * and Probot merges its own options (the key included) into every installation's Octokit, which
 * already carries the cache: the key is dropped there too.
 */
function withCachedJwt(auth: unknown): unknown {
  if (typeof auth !== "object" || auth === null || !("appId" in auth) || !("privateKey" in auth)) return auth;
  const { privateKey, ...rest } = auth;
  if ("createJwt" in rest) return rest;
  return typeof privateKey === "string" ? { ...rest, createJwt: cacheFor(privateKey) } : auth;
}

/**
 * Probot's Octokit with one App JWT shared by every installation-token exchange until it nears
 * expiry (app-jwt-cache.ts says why). Everything else, throttling and retries included, is
 * Probot's own.
 */
export const AppOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, auth: withCachedJwt(options.auth) }));
