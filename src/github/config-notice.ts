import { renderConfigProblems } from "../config/render-config-problems.js";
import type { ConfigProblem } from "../config/validate-repo-config.js";
import { configMarker, parseMarker } from "../review/markers.js";
import type { GitHubPort, PullRequestRef } from "./github-port.js";

const FIXED = "✅ The configuration problems reported here are fixed; reviews run again.";

/**
 * Keeps at most one configuration comment per pull request: posted when the file is invalid,
 * edited in place while it stays invalid, marked fixed once it is valid. Never a second copy.
 */
export async function syncConfigNotice(github: GitHubPort, ref: PullRequestRef, problems: readonly ConfigProblem[]): Promise<void> {
  const existing = (await github.listBotComments(ref)).find((c) => parseMarker(c.body)?.kind === "config");
  const state = existing ? parseMarker(existing.body)?.fields.state : undefined;
  if (problems.length === 0) {
    if (existing && state === "open") await github.updateComment(ref, existing.id, `**backend-review:** ${FIXED}\n\n${configMarker("fixed")}`);
    return;
  }
  const body = `**backend-review:** ${renderConfigProblems(problems)}\n\n${configMarker("open")}`;
  if (!existing) await github.postNotice(ref, body);
  else if (existing.body !== body) await github.updateComment(ref, existing.id, body);
}
