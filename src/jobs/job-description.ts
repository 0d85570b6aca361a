import type { PullRef } from "../github/github-port.js";
import type { CommandEvent } from "../github/run-command.js";
import type { PullRequestJob } from "../github/run-pull-request-job.js";
import type { JobKey } from "./job-scheduler.js";

/**
 * A job as plain data, so it can wait in Redis and run on any replica: what to do, never how
 * (no closures, no clients). The runner turns it into work with an installation client of its own.
 */
export type JobDescription = PullRequestDescription | RerunDescription | CommandDescription;

/** A pull request was opened or pushed to: review its head. */
export type PullRequestDescription = { kind: "pull_request" } & PullRequestJob;

/** The "Re-run" button on our check run: the pull request's current head, in full. */
export interface RerunDescription {
  kind: "rerun";
  pr: PullRef;
  installationId: number;
  /** The webhook delivery, so two replicas given the same one queue one job. */
  delivery: string;
}

/** A `/review …` comment; the App's slug was resolved when it arrived. */
export interface CommandDescription {
  kind: "command";
  event: CommandEvent;
  appSlug: string;
}

export function pullRefOf(description: JobDescription): PullRef {
  if (description.kind === "pull_request") return description.ref;
  return description.kind === "rerun" ? description.pr : description.event.pr;
}

export function installationOf(description: JobDescription): number {
  return description.kind === "command" ? description.event.installationId : description.installationId;
}

function subjectOf(description: JobDescription): string {
  const pr = pullRefOf(description);
  return `${pr.owner}/${pr.repo}#${pr.pullNumber}`;
}

/** For logs and crash reports. */
export function labelOf(description: JobDescription): string {
  if (description.kind === "pull_request") return `${subjectOf(description)}@${description.ref.headSha}`;
  return `${subjectOf(description)} ${description.kind === "rerun" ? "re-run" : description.event.command.name}`;
}

/**
 * Pushes of one pull request coalesce: a newer head supersedes an older one, the same head is a
 * duplicate. Re-runs and commands are asked for by a person and never coalesce.
 */
export function coalescingKeyOf(description: JobDescription): JobKey | undefined {
  return description.kind === "pull_request" ? { subject: subjectOf(description), version: description.ref.headSha } : undefined;
}

/** Installations take turns. */
export function fairnessGroupOf(description: JobDescription): string {
  return String(installationOf(description));
}

/**
 * The queue-wide id, one per (repository, pull request, head, trigger) for pushes, per delivery for
 * re-runs and per comment for commands: a second copy of the same webhook, on any replica, queues
 * nothing. BullMQ ids may not contain ":".
 */
export function jobIdOf(description: JobDescription): string {
  const subject = subjectOf(description);
  if (description.kind === "pull_request") return `pr|${subject}|${description.ref.headSha}|${description.facts.trigger}`;
  if (description.kind === "rerun") return `rerun|${subject}|${description.delivery}`;
  const { source } = description.event;
  return `command|${subject}|${source.kind}-${source.id}`;
}

/** What every log line of the job carries. */
export function logBindingsOf(description: JobDescription): Record<string, string | number> {
  const pr = pullRefOf(description);
  const bindings: Record<string, string | number> = { repo: `${pr.owner}/${pr.repo}`, pr: pr.pullNumber };
  if (description.kind === "pull_request") bindings.sha = description.ref.headSha;
  if (description.kind === "command") bindings.command = description.event.command.name;
  return bindings;
}

const KINDS = new Set(["pull_request", "rerun", "command"]);

/** Job data read back from Redis (possibly written by an older or newer replica). */
export function isJobDescription(value: unknown): value is JobDescription {
  return typeof value === "object" && value !== null && "kind" in value && KINDS.has(String(value.kind));
}
