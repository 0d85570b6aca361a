import type { Context, Probot } from "probot";
import type { AppDeps } from "../../app-deps.js";
import type { Trigger } from "../../config/review-gate.js";
import { recordOutcome } from "../record-outcome.js";
import { portsFor } from "../event-ports.js";
import { runPullRequestJob } from "../run-pull-request-job.js";

export const REVIEWED_ACTIONS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
] as const;

type PullRequestContext = Context<(typeof REVIEWED_ACTIONS)[number]>;

/** Filters the event and hands one job to the scheduler; the webhook is answered at once. */
export function registerPullRequestHandler(app: Probot, deps: AppDeps): void {
  app.on([...REVIEWED_ACTIONS], async (context: PullRequestContext) => {
    const pr = context.payload.pull_request;
    const { owner, repo } = context.repo();
    const log = context.log.child({ repo: `${owner}/${repo}`, pr: pr.number, sha: pr.head.sha });
    if (pr.state !== "open") return;
    if (!deps.repositoryFilter(`${owner}/${repo}`)) {
      log.info("repository not served by this deployment (BACKEND_REVIEW_ALLOW_REPOS / BACKEND_REVIEW_DENY_REPOS)");
      return;
    }
    const job = {
      ref: { owner, repo, pullNumber: pr.number, headSha: pr.head.sha },
      installationId: context.payload.installation?.id ?? 0,
      facts: {
        trigger: context.payload.action as Trigger,
        draft: pr.draft ?? false,
        author: pr.user?.login ?? "",
        labels: (pr.labels ?? []).map((l) => l.name),
        title: pr.title,
      },
    };
    const { github } = portsFor(context.octokit, deps.metrics);
    // One job per pull request: a newer head replaces or aborts the review of an older one, and a
    // redelivered webhook for the same head is dropped. Installations take turns in the queue.
    const queued = deps.scheduler.schedule(
      `${owner}/${repo}#${pr.number}@${pr.head.sha}`,
      async (signal) => recordOutcome(deps, await runPullRequestJob(job, { ...deps, github, log, signal })),
      log,
      { subject: `${owner}/${repo}#${pr.number}`, version: pr.head.sha },
      String(job.installationId),
    );
    if (queued === "full") {
      // Never a silent skip: the check says why and how to get the review later.
      deps.metrics.reviewOutcome("queue-full");
      const title = "Not reviewed: the App has too many reviews waiting";
      await github.createCompletedCheck(job.ref, { verdict: { conclusion: "neutral", title }, summary: `${title}. Comment \`/review\` to run it later.` });
    }
  });
}
