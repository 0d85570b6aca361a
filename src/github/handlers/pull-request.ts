import type { Context, Probot } from "probot";
import { reviewPullRequest } from "../review-pull-request.js";
import { createOctokitPort, type OctokitClient } from "../octokit-port.js";
import type { AppDeps } from "../../app-deps.js";

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
    if (pr.draft) {
      log.info("draft pull request: review waits until it is ready for review");
      return;
    }
    const ref = { owner, repo, pullNumber: pr.number, headSha: pr.head.sha };
    const github = createOctokitPort(context.octokit as unknown as OctokitClient);
    deps.scheduler.schedule(`${owner}/${repo}#${pr.number}@${pr.head.sha}`, () =>
      reviewPullRequest(ref, { github, model: deps.model, agent: deps.agent, settings: deps.settings, log }),
      log,
    );
  });
}
