import type { AppMetrics } from "../metrics/app-metrics.js";
import type { CommandPort } from "./command-port.js";
import type { GitHubPort } from "./github-port.js";
import { withHistoryRead } from "./history-port.js";
import { createOctokitCommandPort, type CommandOctokit } from "./octokit-command-port.js";
import { createOctokitPort, type OctokitClient } from "./octokit-port.js";

interface HookedOctokit {
  hook: { after(name: "request", hook: (response: { headers: Record<string, unknown> }) => void): void };
}

/**
 * The ports over one event's (or job's) installation client, with GitHub's remaining rate limit
 * observed on every response, and the pull request's history read once for the job. Probot's
 * client type differs from @octokit/rest's only in plugins we do not call, hence the cast.
 */
export function portsFor(octokit: unknown, metrics: AppMetrics): { github: GitHubPort; commands: CommandPort } {
  (octokit as HookedOctokit).hook.after("request", (response) => {
    const remaining = Number(response.headers["x-ratelimit-remaining"]);
    if (Number.isFinite(remaining)) metrics.rateLimitRemaining(remaining);
  });
  const client = octokit as OctokitClient;
  return { github: withHistoryRead(createOctokitPort(client), client), commands: createOctokitCommandPort(octokit as CommandOctokit) };
}
