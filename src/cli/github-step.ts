import { statusOf } from "../github/octokit-port.js";
import { CliError, messageOf } from "./cli-error.js";

/** Runs one GitHub call; a failure becomes a message about the token or the name, never a stack trace. */
export async function githubStep<T>(action: string, apiUrl: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new CliError(describeFailure(error, action, apiUrl));
  }
}

function describeFailure(error: unknown, action: string, apiUrl: string): string {
  const status = statusOf(error);
  switch (status) {
    case undefined:
      return `could not reach GitHub at ${apiUrl} while ${action}: ${messageOf(error)}`;
    case 401:
      return `GitHub rejected GITHUB_TOKEN (401) while ${action}: the token is invalid or expired`;
    case 403:
      return `GitHub refused access (403) while ${action}: GITHUB_TOKEN lacks a permission (pull requests, contents) or hit a rate limit`;
    case 404:
      return `GitHub found no such pull request or repository (404) while ${action}: check the name and that GITHUB_TOKEN can see the repository`;
    default:
      return `GitHub answered ${status} while ${action}`;
  }
}
