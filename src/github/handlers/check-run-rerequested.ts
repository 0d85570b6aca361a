import type { Context, Probot } from "probot";
import type { AppDeps } from "../../app-deps.js";
import { CHECK_NAME } from "../octokit-port.js";
import { noticeNotQueued } from "./not-queued-notice.js";

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
    // The job reads the pull request's head when it runs: a push since the check ran is reviewed.
    const installationId = context.payload.installation?.id ?? 0;
    const queued = await deps.queue.enqueue({ kind: "rerun", pr: { owner, repo, pullNumber }, installationId, delivery: context.id }, log);
    if (queued === "full") await noticeNotQueued(deps, (id) => app.auth(id), { owner, repo, pullNumber, headSha: run.head_sha }, installationId, log);
  });
}
