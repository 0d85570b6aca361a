import type { Context, Probot } from "probot";
import type { AppDeps } from "../../app-deps.js";
import { portsFor } from "../event-ports.js";
import { CHECK_NAME } from "../octokit-port.js";
import { recordOutcome } from "../record-outcome.js";
import { runPullRequestJob } from "../run-pull-request-job.js";

/**
 * The "Re-run" button on our check run. GitHub sends this only to the App that created the check
 * run, so the name is enough to know it is ours.
 */
export function registerCheckRunRerun(app: Probot, deps: AppDeps): void {
  app.on("check_run.rerequested", async (context: Context<"check_run.rerequested">) => {
    const run = context.payload.check_run;
    if (run.name !== CHECK_NAME) return;
    const { owner, repo } = context.repo();
    const pullNumber = run.pull_requests[0]?.number;
    const log = context.log.child({ repo: `${owner}/${repo}`, pr: pullNumber, sha: run.head_sha });
    if (pullNumber === undefined) {
      // GitHub leaves pull_requests empty for pull requests from forks; a `/review` comment works there.
      log.info("re-run requested for a check run without a pull request; nothing to review");
      return;
    }
    const { github, commands } = portsFor(context.octokit, deps.metrics);
    const installationId = context.payload.installation?.id ?? 0;
    deps.scheduler.schedule(
      `${owner}/${repo}#${pullNumber} re-run`,
      async (signal) => {
        const state = await commands.getPullRequest({ owner, repo, pullNumber });
        if (!state.open) return;
        const job = { ref: { owner, repo, pullNumber, headSha: state.headSha }, installationId, facts: { ...state.facts, trigger: "rerun" as const }, full: true };
        recordOutcome(deps, await runPullRequestJob(job, { ...deps, github, log, signal }));
      },
      log,
      undefined,
      String(installationId),
    );
  });
}
