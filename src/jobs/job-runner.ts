import type { AppDeps } from "../app-deps.js";
import type { PullRequestState } from "../github/command-port.js";
import { describeGitHubError } from "../github/describe-github-error.js";
import { portsFor } from "../github/event-ports.js";
import type { GitHubPort } from "../github/github-port.js";
import { recordOutcome } from "../github/record-outcome.js";
import { runCommand } from "../github/run-command.js";
import { runPullRequestJob, type PullRequestJob } from "../github/run-pull-request-job.js";
import { guardAttempt } from "./attempt-guard.js";
import { installationOf, type RerunDescription } from "./job-description.js";
import type { JobRun, JobRunner } from "./review-queue.js";
import { isTransientGitHubError, TransientJobError } from "./transient-error.js";

export type RunnerDeps = Pick<AppDeps, "model" | "agent" | "settings" | "budget" | "limiter" | "metrics">;

/** An installation's client, as Probot's `app.auth(installationId)` gives it. */
export type OctokitFor = (installationId: number) => Promise<unknown>;

/**
 * The one way a job is done, in this process or on any replica: an installation client of its
 * own (a queued job outlives its webhook's), the ports over it, then the same orchestrators the
 * handlers called before there was a queue.
 */
export function createJobRunner(deps: RunnerDeps, octokitFor: OctokitFor): JobRunner {
  return async (description, run) => {
    const { github, commands } = portsFor(await octokitFor(installationOf(description)), deps.metrics);
    if (description.kind === "command") {
      await runCommand(description.event, { ...deps, github, commands, appSlug: description.appSlug, log: run.log, signal: run.signal });
      return;
    }
    if (description.kind === "pull_request") {
      const { kind: _kind, ...job } = description;
      return review(job, deps, github, run);
    }
    const job = await rerunJob(description, () => commands.getPullRequest(description.pr), run);
    if (job) await review(job, deps, github, run);
  };
}

/** Re-run: the pull request's head now, in full; nothing when it was closed meanwhile. */
async function rerunJob(description: RerunDescription, read: () => Promise<PullRequestState>, run: JobRun): Promise<PullRequestJob | undefined> {
  try {
    const state = await read();
    if (!state.open) return undefined;
    const ref = { ...description.pr, headSha: state.headSha };
    return { ref, installationId: description.installationId, facts: { ...state.facts, trigger: "rerun" }, full: true };
  } catch (error) {
    if (run.shared?.retriable && isTransientGitHubError(error)) throw new TransientJobError(describeGitHubError(error, "reading the pull request"));
    throw error;
  }
}

async function review(job: PullRequestJob, deps: RunnerDeps, github: GitHubPort, run: JobRun): Promise<void> {
  const { shared, log } = run;
  if (!shared) {
    recordOutcome(deps, await runPullRequestJob(job, { ...deps, github, log, signal: run.signal }));
    return;
  }
  const attempt = guardAttempt({ github, model: deps.model, ref: job.ref, signal: run.signal, shared, log });
  // A job that waited while a newer head was queued (on any replica) never starts, as in memory.
  const stop = await shared.mayPost();
  if (stop !== undefined) return attempt.abandon(stop);
  const outcome = await runPullRequestJob(job, { ...deps, github: attempt.github, model: attempt.model, log, signal: attempt.signal });
  const retrying = attempt.retrying();
  if (retrying !== undefined) {
    deps.metrics.reviewOutcome("retried");
    throw new TransientJobError(retrying);
  }
  await attempt.finish(outcome);
  recordOutcome(deps, outcome);
}
