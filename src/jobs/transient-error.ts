import Anthropic from "@anthropic-ai/sdk";
import { statusOf } from "../github/octokit-port.js";
import { ModelCallError } from "../review/model.js";

/**
 * Thrown by the runner when an attempt failed for a reason that may pass (a model or GitHub
 * outage, a rate limit) before anything was posted: the shared queue tries the job again later.
 */
export class TransientJobError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "TransientJobError";
  }
}

/** Model calls worth trying again later: rate limited (429), overloaded (529), 5xx, unreachable. */
export function isTransientModelError(error: unknown): boolean {
  const cause = error instanceof ModelCallError ? error.cause : error;
  if (cause instanceof Anthropic.APIUserAbortError) return false; // our own cancellation
  if (cause instanceof Anthropic.APIConnectionError) return true; // timeouts included
  if (!(cause instanceof Anthropic.APIError)) return false;
  const status = cause.status;
  return status === 429 || status === 529 || (status !== undefined && status >= 500) || cause.type === "overloaded_error";
}

interface HeaderedError {
  message?: unknown;
  response?: { headers?: Record<string, unknown> };
}

/** GitHub calls worth trying again later: 5xx, 429, and 403 secondary rate limits. */
export function isTransientGitHubError(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) return false;
  if (status >= 500 || status === 429) return true;
  if (status !== 403) return false;
  const { message, response } = error as HeaderedError;
  return /secondary rate limit/i.test(String(message ?? "")) || response?.headers?.["retry-after"] !== undefined;
}
