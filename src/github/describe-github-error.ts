import { statusOf } from "./octokit-port.js";

/** Words for the check run when a GitHub call fails; status codes only, never response bodies. */
export function describeGitHubError(error: unknown, action: string): string {
  const status = statusOf(error);
  if (status === 401) return `GitHub refused the App's credentials while ${action} (401)`;
  if (status === 403) return `GitHub refused access while ${action} (403): a permission or rate limit`;
  if (status === 404) return `GitHub did not find the pull request or repository while ${action} (404)`;
  if (status === 422) return `GitHub rejected the request while ${action} (422)`;
  if (status !== undefined && status >= 500) return `GitHub was unavailable while ${action} (${status})`;
  if (status !== undefined) return `GitHub answered ${status} while ${action}`;
  return `unexpected error while ${action}`;
}
