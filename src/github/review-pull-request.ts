import type { AgentDefinition } from "../review/agent.js";
import { buildReviewDraft, RERUN_HINT } from "../review/build-review-draft.js";
import { decideConclusion } from "../review/decide-conclusion.js";
import type { Logger } from "../review/logger.js";
import { code, shortSha } from "../review/markdown.js";
import { noticeMarker } from "../review/markers.js";
import type { ReviewModel } from "../review/model.js";
import { renderSummary } from "../review/render-summary.js";
import type { ChangedFile } from "../diff/types.js";
import { knownFingerprints, openSeverities, type FindingThread } from "../review/finding-threads.js";
import { findFixedThreads } from "../review/fixed-threads.js";
import { restrictToChanges } from "../review/incremental-scope.js";
import { reviewChanges, type ReviewInput } from "../review/review-changes.js";
import type { ReviewReport } from "../review/review-report.js";
import type { ReviewSettings } from "../review/review-settings.js";
import { describeGitHubError } from "./describe-github-error.js";
import { uploadReviewToCodeScanning } from "./upload-code-scanning.js";
import type { GitHubPort, PullRequestRef } from "./github-port.js";

export interface ReviewJobDeps {
  github: GitHubPort;
  model: ReviewModel;
  agent: AgentDefinition;
  settings: ReviewSettings;
  log: Logger;
  signal?: AbortSignal | undefined;
  /** The repository opted in (`code_scanning: true`): upload the findings as SARIF after posting. */
  codeScanning?: boolean | undefined;
}

type Step = "listing the pull request's files" | "comparing commits" | "reviewing" | "posting the review" | "resolving fixed threads";

/** What earlier reviews of this pull request left behind, read from the bot's own markers. */
export interface ReviewPlan {
  /** Review only what changed since this commit, when it is an ancestor of the head. */
  since?: string | undefined;
  threads: readonly FindingThread[];
}

/**
 * One review of one commit, with one error boundary: whatever fails, the check run ends with the
 * reason in words and the PR is told. Returns the report, or undefined when the job failed or
 * was superseded by a newer commit.
 */
export async function reviewPullRequest(ref: PullRequestRef, deps: ReviewJobDeps, plan: ReviewPlan = { threads: [] }): Promise<ReviewReport | undefined> {
  const { github, log } = deps;
  const checkRunId = await startCheck(ref, deps);
  let step: Step = "listing the pull request's files";
  try {
    const files = await github.listFiles(ref);
    step = "comparing commits";
    const scope = await narrowToChanges(ref, github, files, plan.since);
    step = "reviewing";
    const report = await reviewChanges(
      { target: `${ref.owner}/${ref.repo}#${ref.pullNumber}`, headSha: ref.headSha, ...scope, knownFingerprints: knownFingerprints(plan.threads) },
      { model: deps.model, agent: deps.agent, settings: deps.settings, log, signal: deps.signal, readHeadFiles: (paths) => github.readHeadFiles(ref, paths) },
    );
    if (deps.signal?.aborted) return await cancel(ref, deps, checkRunId);
    step = "posting the review";
    const fixed = findFixedThreads(plan.threads, files, new Set(report.fingerprints));
    const standing = plan.threads.filter((t) => !fixed.includes(t));
    const verdict = decideConclusion(report, deps.settings.failOn, openSeverities(standing));
    let scanning: string | undefined;
    if (report.reviewed.length > 0 || report.failures.length > 0) {
      const posted = await github.postReview(ref, buildReviewDraft(report));
      if (posted.folded) log.warn({ reviewId: posted.id }, "GitHub refused the inline comments (422); posted them in the summary");
      log.info({ reviewId: posted.id, comments: posted.folded ? 0 : report.inline.length, conclusion: verdict.conclusion }, "review posted");
      if (deps.codeScanning) scanning = await uploadReviewToCodeScanning(ref, report, deps, standing);
    } else {
      log.info({ skipped: report.skipped.length }, "nothing to review; no review posted");
    }
    step = "resolving fixed threads";
    await resolveFixed(ref, github, fixed, log);
    if (checkRunId !== undefined) {
      const summary = renderSummary(report, { rerunHint: RERUN_HINT }).replace(/\n*<!-- backend-review:[^>]*-->\s*$/, "");
      await github.completeCheck(ref, checkRunId, { verdict, summary: scanning ? `${summary}\n\n${scanning}` : summary });
    }
    return report;
  } catch (error) {
    if (deps.signal?.aborted) return await cancel(ref, deps, checkRunId);
    const reason = describeGitHubError(error, step);
    log.error({ err: error, step }, `review failed: ${reason}`);
    await reportFailure(ref, deps, checkRunId, reason);
    return undefined;
  }
}

export type Scope = Pick<ReviewInput, "files" | "since" | "alreadySkipped" | "wholeFiles">;

/** Incremental when the last reviewed commit is an ancestor of the head; otherwise the whole PR. The CLI's pr --post and the Action share it. */
export async function narrowToChanges(ref: PullRequestRef, github: GitHubPort, files: ChangedFile[], since: string | undefined): Promise<Scope> {
  if (since === undefined || since === ref.headSha) return { files };
  const comparison = await github.compareCommits(ref, since, ref.headSha);
  if (comparison?.status !== "ahead") return { files }; // force push or rebase: review everything
  const scope = restrictToChanges(files, comparison.files);
  return {
    files: scope.files,
    wholeFiles: files,
    since,
    alreadySkipped: scope.unchanged.map((path) => ({ path, reason: "unchanged since the last review" as const })),
  };
}

/** "Fixed in <sha>" on each thread whose flagged code is gone; resolved unless a person is talking there. */
async function resolveFixed(ref: PullRequestRef, github: GitHubPort, fixed: readonly FindingThread[], log: Logger): Promise<void> {
  for (const thread of fixed) {
    await github.replyInThread(ref, thread.commentId, `Fixed in ${code(shortSha(ref.headSha))}: the flagged code is no longer in the pull request.`);
    if (!thread.humanReplied) await github.resolveThread(thread.threadId);
  }
  if (fixed.length > 0) log.info({ fixed: fixed.length }, "threads of fixed findings answered");
}

/**
 * The review was aborted before posting: a newer commit arrived (post nothing, say so on this
 * commit's check), or the App is shutting down (the check says to re-run it).
 */
async function cancel(ref: PullRequestRef, deps: ReviewJobDeps, checkRunId: number | undefined): Promise<undefined> {
  const reason = typeof deps.signal?.reason === "string" ? deps.signal.reason : "cancelled";
  const superseded = reason.startsWith("superseded by ");
  deps.log.warn({ reason }, "review stopped before posting");
  if (checkRunId === undefined) return undefined;
  const verdict = superseded
    ? { conclusion: "cancelled" as const, title: `Superseded by ${shortSha(reason.slice(14))}` }
    : { conclusion: "failure" as const, title: "Review interrupted: the App stopped before it finished" };
  const summary = superseded ? `${verdict.title}: the newer commit is reviewed instead.` : `${verdict.title}. ${RERUN_HINT}`;
  await deps.github
    .completeCheck(ref, checkRunId, { verdict, summary })
    .catch((error: unknown) => deps.log.warn({ err: error }, "could not complete the check run"));
  return undefined;
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
