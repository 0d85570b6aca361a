import { describeGitHubError } from "../github/describe-github-error.js";
import type { CheckOutput, GitHubPort, PullRequestRef } from "../github/github-port.js";
import type { JobOutcome } from "../github/run-pull-request-job.js";
import type { Logger } from "../review/logger.js";
import { shortSha } from "../review/markdown.js";
import { ModelCallError, type ReviewModel } from "../review/model.js";
import type { SharedAttempt } from "./review-queue.js";
import { isTransientGitHubError, isTransientModelError } from "./transient-error.js";

/** One attempt of a review job on the shared queue, with its ports and model watched. */
export interface GuardedAttempt {
  github: GitHubPort;
  model: ReviewModel;
  /** The job's signal, also aborted ("retrying: …") when a transient failure makes it stop early. */
  signal: AbortSignal;
  /** Why this attempt stopped to be tried again; undefined when it ran to its end. */
  retrying(): string | undefined;
  /** Completes a check run inherited from an earlier attempt that nothing completed this time. */
  finish(outcome: JobOutcome): Promise<void>;
  /** The job will not run (superseded while it waited): an inherited check run says so. */
  abandon(reason: string): Promise<void>;
}

interface GuardOptions {
  github: GitHubPort;
  model: ReviewModel;
  ref: PullRequestRef;
  signal: AbortSignal;
  shared: SharedAttempt;
  log: Logger;
}

/** What one attempt knows about itself while it runs. */
interface AttemptState {
  readonly signal: AbortSignal;
  retrying: string | undefined;
  posted: boolean;
  checkRunId: number | undefined;
  checkDone: boolean;
  stop(reason: string): void;
  /** A failure that may pass: stop now for a retry, if one is allowed and nothing was posted. */
  transient(error: unknown, reason: string): void;
}

/**
 * Retries must never double-post. A transient failure (model 429/529/5xx, GitHub 5xx or secondary
 * rate limit) stops the attempt for a retry only while nothing was posted and attempts remain;
 * then every write the error boundaries would make (failed check, notice) is held back, and the
 * check run is kept for the next attempt. Once `postReview` was called (even if it failed: GitHub
 * may have taken it), failures are final and reported as before. The last attempt reports as before.
 */
export function guardAttempt(options: GuardOptions): GuardedAttempt {
  const controller = new AbortController();
  const state: AttemptState = {
    signal: AbortSignal.any([options.signal, controller.signal]),
    retrying: undefined,
    posted: false,
    checkRunId: options.shared.checkRunId,
    checkDone: false,
    stop: (reason) => controller.abort(reason),
    transient(error, reason) {
      if (state.retrying !== undefined || state.posted || !options.shared.retriable || state.signal.aborted) return;
      state.retrying = reason;
      options.log.warn({ err: error, reason }, "transient failure before posting: the job is tried again later");
      state.stop(`retrying: ${reason}`);
    },
  };
  return {
    github: guardPort(options, state),
    model: watchModel(options.model, state.transient),
    signal: state.signal,
    retrying: () => state.retrying,
    finish: (outcome) => finishCheck(options, state, outcome),
    abandon: (reason) => abandonCheck(options, state, reason),
  };
}

function guardPort({ github, shared, log, ref }: GuardOptions, state: AttemptState): GitHubPort {
  const watch =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        if (isTransientGitHubError(error)) state.transient(error, describeGitHubError(error, "running the review"));
        throw error;
      }
    };
  const write =
    <A extends unknown[]>(call: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      if (state.retrying === undefined) await watch(call)(...args);
    };
  const complete = (id: number, output: CheckOutput) => completeKept(github, ref, state, id, output);
  return {
    listFiles: watch(github.listFiles),
    loadConfig: watch(github.loadConfig),
    readDefaultBranchFile: watch(github.readDefaultBranchFile),
    readHeadFiles: watch(github.readHeadFiles),
    listReviewedShas: watch(github.listReviewedShas),
    listFindingThreads: watch(github.listFindingThreads),
    listBotComments: watch(github.listBotComments),
    compareCommits: watch(github.compareCommits),
    async startCheck(at) {
      if (state.checkRunId !== undefined) return state.checkRunId;
      const id = await watch(github.startCheck)(at);
      state.checkRunId = id;
      await shared.keepCheckRun(id).catch((error: unknown) => log.warn({ err: error }, "could not remember the check run for a retry"));
      return id;
    },
    completeCheck: write((_at, id, output) => complete(id, output)),
    createCompletedCheck: write(async (at, output) => (state.checkRunId !== undefined ? complete(state.checkRunId, output) : github.createCompletedCheck(at, output))),
    postNotice: write(github.postNotice),
    updateComment: write(github.updateComment),
    replyInThread: write(github.replyInThread),
    resolveThread: write(github.resolveThread),
    // After the review was posted: watched only so a failure is seen, never retried (nothing is retried once posted).
    uploadSarif: watch(github.uploadSarif),
    async postReview(at, draft) {
      const stop = await shared.mayPost();
      if (stop !== undefined) {
        state.stop(stop);
        throw new Error(`review not posted: ${stop}`);
      }
      state.posted = true;
      return github.postReview(at, draft);
    },
  };
}

async function completeKept(github: GitHubPort, ref: PullRequestRef, state: AttemptState, id: number, output: CheckOutput): Promise<void> {
  await github.completeCheck(ref, id, output);
  state.checkDone = true;
}

async function finishCheck({ github, ref, log }: GuardOptions, state: AttemptState, outcome: JobOutcome): Promise<void> {
  // Every other outcome completed the check itself (or tried to, and said so in the log).
  if (state.checkDone || state.checkRunId === undefined || (outcome.status !== "skipped" && outcome.status !== "up-to-date")) return;
  const title = outcome.status === "skipped" ? `Skipped: ${outcome.reason}` : `Already reviewed at ${shortSha(outcome.sha)}`;
  await completeKept(github, ref, state, state.checkRunId, { verdict: { conclusion: "neutral", title }, summary: `${title}.` }).catch((error: unknown) =>
    log.warn({ err: error }, "could not complete the check run"),
  );
}

async function abandonCheck({ github, ref, log }: GuardOptions, state: AttemptState, reason: string): Promise<void> {
  log.info({ reason }, "not started: a newer head of the pull request was queued");
  if (state.checkRunId === undefined || !reason.startsWith("superseded by ")) return;
  const title = `Superseded by ${shortSha(reason.slice(14))}`;
  await completeKept(github, ref, state, state.checkRunId, { verdict: { conclusion: "cancelled", title }, summary: `${title}: the newer commit is reviewed instead.` }).catch(
    (error: unknown) => log.warn({ err: error }, "could not complete the check run"),
  );
}

function watchModel(model: ReviewModel, transient: (error: unknown, reason: string) => void): ReviewModel {
  const watch =
    <Q, R>(call: (request: Q) => Promise<R>) =>
    async (request: Q): Promise<R> => {
      try {
        return await call(request);
      } catch (error) {
        if (isTransientModelError(error)) transient(error, error instanceof ModelCallError ? error.reason : "model API unavailable");
        throw error;
      }
    };
  return { reportFindings: watch((request) => model.reportFindings(request)), explain: watch((request) => model.explain(request)) };
}
