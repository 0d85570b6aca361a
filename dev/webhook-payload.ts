import { createRequire } from "node:module";
import type { PullRequestScenario } from "./stand-ins/github-stand-in.js";

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

interface PullRequestExample {
  action: string;
  number: number;
  installation: { id: number };
  repository: { name: string; full_name: string; owner: { login: string } };
  pull_request: { number: number; state: string; draft: boolean; head: { sha: string }; base: { repo: unknown } };
}

const require = createRequire(import.meta.url);

/**
 * A real `pull_request` delivery from @octokit/webhooks-examples, moved to the scenario's repo,
 * number and head commit. The first examples of the file have no `installation` (they come from
 * repository webhooks); an App only ever receives ones that do, so one of those is used.
 */
export function pullRequestPayload(scenario: PullRequestScenario, action = "opened"): Record<string, unknown> {
  const groups = require("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];
  const source = groups.find((g) => g.name === "pull_request")?.examples.find((e) => e.action === action && e.installation !== undefined);
  if (!source) throw new Error(`@octokit/webhooks-examples has no pull_request.${action} example with an installation`);
  const payload = structuredClone(source) as unknown as PullRequestExample;
  const repository = payload.repository;
  repository.name = scenario.repo;
  repository.full_name = `${scenario.owner}/${scenario.repo}`;
  repository.owner.login = scenario.owner;
  payload.number = scenario.pullNumber;
  payload.pull_request.number = scenario.pullNumber;
  payload.pull_request.state = "open";
  payload.pull_request.draft = false;
  payload.pull_request.head.sha = scenario.headSha;
  payload.pull_request.base.repo = repository;
  return payload as unknown as Record<string, unknown>;
}
