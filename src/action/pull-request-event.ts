import { readFile } from "node:fs/promises";
import { z } from "zod";
import { CliError, messageOf } from "../cli/cli-error.js";
import type { PrTarget } from "../cli/pr-target.js";
import type { PullRequestFacts, Trigger } from "../config/review-gate.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Only what the Action reads of GitHub's `pull_request` webhook payload. */
const RepoSchema = z.object({ full_name: z.string() });
const EventSchema = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    draft: z.boolean().optional(),
    user: z.object({ login: z.string() }).nullable(),
    labels: z.array(z.object({ name: z.string() })).default([]),
    head: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), repo: RepoSchema.nullable() }),
    base: z.object({ repo: RepoSchema }),
  }),
});

export interface PullRequestEvent {
  target: PrTarget;
  headSha: string;
  /** Undefined for an action the App does not review automatically (closed, labeled, …). */
  facts?: PullRequestFacts | undefined;
  action: string;
  /** The head branch lives in another repository (a fork), or that repository was deleted. */
  fromFork: boolean;
  /** `pull_request` from a fork: GitHub gives the run a read-only token and no secrets. */
  readOnly: boolean;
}

const AUTOMATIC: readonly Trigger[] = ["opened", "reopened", "synchronize", "ready_for_review"];
const EVENTS = ["pull_request", "pull_request_target"];

/** The pull request this run is about, from the runner's GITHUB_EVENT_PATH and GITHUB_REPOSITORY. */
export async function readPullRequestEvent(env: Env): Promise<PullRequestEvent> {
  const name = env.GITHUB_EVENT_NAME ?? "";
  if (!EVENTS.includes(name)) {
    throw new CliError(`backend-review reviews pull requests: run it on: pull_request (or pull_request_target); this run is a ${JSON.stringify(name)} event`);
  }
  const file = env.GITHUB_EVENT_PATH;
  if (!file) throw new CliError("GITHUB_EVENT_PATH is not set: the Action runs in a GitHub Actions job, which sets it");
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new CliError(`cannot read the event payload ${file}: ${messageOf(error)}`);
  }
  const parsed = EventSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CliError(`the event payload ${file} is not a pull_request event: ${first?.path.join(".") || "(payload)"}: ${first?.message ?? "invalid"}`);
  }
  const { action, pull_request: pr } = parsed.data;
  const base = pr.base.repo.full_name;
  const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY || base).split("/");
  const fromFork = pr.head.repo === null || pr.head.repo.full_name.toLowerCase() !== base.toLowerCase();
  const trigger = AUTOMATIC.find((t) => t === action);
  const facts = trigger && { trigger, draft: pr.draft ?? false, author: pr.user?.login ?? "", labels: pr.labels.map((l) => l.name), title: pr.title };
  return { target: { owner, repo, pullNumber: pr.number }, headSha: pr.head.sha, facts, action, fromFork, readOnly: fromFork && name === "pull_request" };
}
