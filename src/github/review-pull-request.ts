import type { AgentDefinition } from "../review/agent.js";
import { buildReviewDraft, RERUN_HINT } from "../review/build-review-draft.js";
import { decideConclusion } from "../review/decide-conclusion.js";
import type { Logger } from "../review/logger.js";
import { code, shortSha } from "../review/markdown.js";
import { noticeMarker } from "../review/markers.js";
import type { ReviewModel } from "../review/model.js";
import { renderSummary } from "../review/render-summary.js";
import { reviewChanges } from "../review/review-changes.js";
import type { ReviewReport } from "../review/review-report.js";
import type { ReviewSettings } from "../review/review-settings.js";
import { describeGitHubError } from "./describe-github-error.js";
import type { GitHubPort, PullRequestRef } from "./github-port.js";

export interface ReviewJobDeps {
  github: GitHubPort;
  model: ReviewModel;
  agent: AgentDefinition;
  settings: ReviewSettings;
  log: Logger;
  signal?: AbortSignal | undefined;
}

type Step = "listing the pull request's files" | "reviewing" | "posting the review";

/**
 * One review of one commit, with one error boundary: whatever fails, the check run ends with the
 * reason in words and the PR is told. Returns the report, or undefined when the job failed.
 */
export async function reviewPullRequest(ref: PullRequestRef, deps: ReviewJobDeps): Promise<ReviewReport | undefined> {
  const { github, log } = deps;
  const checkRunId = await startCheck(ref, deps);
  let step: Step = "listing the pull request's files";
  try {
    const files = await github.listFiles(ref);
    step = "reviewing";
    const report = await reviewChanges(
      { target: `${ref.owner}/${ref.repo}#${ref.pullNumber}`, headSha: ref.headSha, files },
      { model: deps.model, agent: deps.agent, settings: deps.settings, log, signal: deps.signal },
    );
    step = "posting the review";
    const verdict = decideConclusion(report, deps.settings.failOn);
    const postable = report.reviewed.length > 0 || report.failures.length > 0;
    if (postable) {
      const posted = await github.postReview(ref, buildReviewDraft(report));
      if (posted.folded) log.warn({ reviewId: posted.id }, "GitHub refused the inline comments (422); posted them in the summary");
      log.info({ reviewId: posted.id, comments: posted.folded ? 0 : report.inline.length, conclusion: verdict.conclusion }, "review posted");
    } else {
      log.info({ skipped: report.skipped.length }, "nothing to review; no review posted");
    }
    if (checkRunId !== undefined) {
      const summary = renderSummary(report, { rerunHint: RERUN_HINT }).replace(/\n*<!-- backend-review:[^>]*-->\s*$/, "");
      await github.completeCheck(ref, checkRunId, { verdict, summary });
    }
    return report;
  } catch (error) {
    const reason = describeGitHubError(error, step);
    log.error({ err: error, step }, `review failed: ${reason}`);
    await reportFailure(ref, deps, checkRunId, reason);
    return undefined;
  }
}

async function startCheck(ref: PullRequestRef, deps: ReviewJobDeps): Promise<number | undefined> {
  try {
    return await deps.github.startCheck(ref);
  } catch (error) {
    // The review is still worth doing without a check run (e.g. the checks permission was not granted).
    deps.log.warn({ err: error }, `could not create the check run: ${describeGitHubError(error, "creating the check run")}`);
    return undefined;
  }
}

async function reportFailure(ref: PullRequestRef, deps: ReviewJobDeps, checkRunId: number | undefined, reason: string): Promise<void> {
  const sha = code(shortSha(ref.headSha));
  const summary = `The review of ${sha} could not be completed: ${reason}. ${RERUN_HINT}`;
  const attempts: Promise<void>[] = [
    deps.github.postNotice(ref, `**backend-review:** ${summary}\n\n${noticeMarker(ref.headSha)}`),
  ];
  if (checkRunId !== undefined) {
    attempts.push(deps.github.completeCheck(ref, checkRunId, { verdict: { conclusion: "failure", title: `Review failed: ${reason}` }, summary }));
  }
  for (const result of await Promise.allSettled(attempts)) {
    if (result.status === "rejected") deps.log.error({ err: result.reason }, "could not report the failure on GitHub");
  }
}
