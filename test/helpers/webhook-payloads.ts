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

/** issue_comment.created on Codertocat/Hello-World#2; the examples have no PR comment, so one is made. */
export function issueCommentPayload(body: string, user: { login: string; type?: string } = { login: "octo-writer" }): Record<string, unknown> {
  const payload = examplePayload("issue_comment", "created");
  const issue = payload.issue as Record<string, unknown>;
  issue.number = 2;
  issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/2" };
  const comment = payload.comment as Record<string, unknown>;
  comment.id = 1001;
  comment.body = body;
  comment.user = { ...(comment.user as object), login: user.login, type: user.type ?? "User" };
  return payload;
}

/** pull_request_review_comment.created: a reply in the thread that starts with comment `inReplyTo`. */
export function reviewCommentPayload(body: string, inReplyTo: number | undefined, login = "octo-writer"): Record<string, unknown> {
  const payload = examplePayload("pull_request_review_comment", "created");
  const comment = payload.comment as Record<string, unknown>;
  comment.id = 2002;
  comment.body = body;
  comment.in_reply_to_id = inReplyTo;
  comment.user = { ...(comment.user as object), login, type: "User" };
  return payload;
}

/** check_run.rerequested for our check run on Codertocat/Hello-World#2. */
export function checkRunRerequestedPayload(name = "backend-review"): Record<string, unknown> {
  const payload = examplePayload("check_run", "rerequested");
  payload.repository = pullRequestPayload().repository;
  const run = payload.check_run as Record<string, unknown>;
  run.name = name;
  run.head_sha = EXAMPLE_HEAD_SHA;
  run.pull_requests = [{ number: 2, id: 1, url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/2", head: { sha: EXAMPLE_HEAD_SHA }, base: {} }];
  return payload;
}
