import type { Context, Probot } from "probot";
import type { AppDeps } from "../../app-deps.js";
import type { Trigger } from "../../config/review-gate.js";
import type { PullRequestDescription } from "../../jobs/job-description.js";
import { noticeNotQueued } from "./not-queued-notice.js";

export const REVIEWED_ACTIONS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
] as const;

type PullRequestContext = Context<(typeof REVIEWED_ACTIONS)[number]>;

/**
 * Filters the event and hands one job description to the queue; the webhook is answered at once.
 * A job the queue refuses (full) gets its check run after the answer: the notice is only recorded here.
 */
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
    const job: PullRequestDescription = {
      kind: "pull_request",
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
    // One job per pull request: a newer head replaces or aborts the review of an older one, and a
    // redelivered webhook for the same head is dropped. Installations take turns in the queue.
    // The webhook is answered as soon as this returns: no GitHub call is awaited here.
    if ((await deps.queue.enqueue(job, log)) === "full") await noticeNotQueued(deps, (id) => app.auth(id), job.ref, job.installationId, log);
  });
}
