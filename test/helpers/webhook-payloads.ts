import { createRequire } from "node:module";

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

const require = createRequire(import.meta.url);
const groups = require("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];

/** A deep copy of a real GitHub webhook example that has an installation (the first ones do not). */
export function examplePayload(event: string, action: string): Record<string, unknown> {
  const group = groups.find((g) => g.name === event);
  const example = group?.examples.find((e) => e.action === action && e.installation !== undefined);
  if (!example) throw new Error(`no ${event}.${action} example with an installation`);
  return structuredClone(example);
}

export interface PullRequestOverrides {
  action?: string;
  draft?: boolean;
  state?: string;
  headSha?: string;
}

/** The pull_request payload from the examples: Codertocat/Hello-World#2, installation 1. */
export function pullRequestPayload(overrides: PullRequestOverrides = {}): Record<string, unknown> {
  const payload = examplePayload("pull_request", overrides.action ?? "opened");
  const pr = payload.pull_request as { draft: boolean; state: string; head: { sha: string } };
  if (overrides.draft !== undefined) pr.draft = overrides.draft;
  if (overrides.state !== undefined) pr.state = overrides.state;
  if (overrides.headSha !== undefined) pr.head.sha = overrides.headSha;
  return payload;
}

export const EXAMPLE_REPO = "/repos/Codertocat/Hello-World";
export const EXAMPLE_HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
