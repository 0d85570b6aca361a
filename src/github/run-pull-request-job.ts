import { buildReviewSettings } from "../config/build-review-settings.js";
import { configProblemsTitle, renderConfigProblems } from "../config/render-config-problems.js";
import type { RepoConfig } from "../config/repo-config-schema.js";
import { decideReview, type PullRequestFacts } from "../config/review-gate.js";
import type { ConfigProblem } from "../config/validate-repo-config.js";
import type { TokenBudget } from "../jobs/token-budget.js";
import { parseAgent, type AgentDefinition } from "../review/agent.js";
import type { Logger } from "../review/logger.js";
import type { ReviewModel } from "../review/model.js";
import type { ReviewReport } from "../review/review-report.js";
import type { ReviewSettings } from "../review/review-settings.js";
import { syncConfigNotice } from "./config-notice.js";
import { describeGitHubError } from "./describe-github-error.js";
import type { GitHubPort, PullRequestRef } from "./github-port.js";
import { reviewPullRequest } from "./review-pull-request.js";

export interface PullRequestJob {
  ref: PullRequestRef;
  installationId: number;
  facts: PullRequestFacts;
  /** Review the whole pull request, not only what changed since the last review (`/review full`, Re-run). */
  full?: boolean | undefined;
  /** The configuration, when the caller (a command) has read it already. */
  config?: RepoConfig | undefined;
}

export interface PullRequestJobDeps {
  github: GitHubPort;
  model: ReviewModel;
  agent: AgentDefinition;
  settings: ReviewSettings;
  budget: TokenBudget;
  log: Logger;
  /** Aborted when a newer commit of the same pull request is scheduled. */
  signal?: AbortSignal | undefined;
}

export type JobOutcome =
  | { status: "reviewed"; report: ReviewReport | undefined }
  | { status: "skipped"; reason: string }
  | { status: "invalid-config"; problems: ConfigProblem[] }
  | { status: "over-budget" }
  | { status: "up-to-date"; sha: string }
  | { status: "failed"; reason: string };

/**
 * Everything between "a pull request changed" and "a review was posted": the repository's
 * configuration (default branch only), whether to review at all, the daily budget, then the review.
 */
export async function runPullRequestJob(job: PullRequestJob, deps: PullRequestJobDeps): Promise<JobOutcome> {
  const { github, log } = deps;
  try {
    const loaded = job.config ? { ok: true as const, config: job.config } : await github.loadConfig(job.ref);
    const config = loaded.ok ? loaded.config : undefined;
    const prepared = config ? await prepareReview(job, deps, config) : undefined;
    const problems = !loaded.ok ? loaded.problems : prepared && !prepared.ok ? prepared.problems : [];
    await syncConfigNotice(github, job.ref, problems);
    if (problems.length > 0) {
      log.warn({ problems }, "invalid repository configuration; no review");
      await github.createCompletedCheck(job.ref, {
        verdict: { conclusion: "failure", title: configProblemsTitle(problems) },
        summary: renderConfigProblems(problems),
      });
      return { status: "invalid-config", problems };
    }
    if (!config || !prepared?.ok) throw new Error("unreachable: configuration neither valid nor invalid");
    const gate = decideReview(job.facts, config);
    if (!gate.run) {
      log.info({ reason: gate.reason }, "review skipped");
      if (gate.visible) await github.createCompletedCheck(job.ref, skippedCheck(`Skipped: ${gate.reason}`));
      return { status: "skipped", reason: gate.reason };
    }
    const reviewed = await github.listReviewedShas(job.ref);
    const last = reviewed.at(-1);
    // The same commit reviewed already (a redelivered webhook, a second event for one push).
    if (last === job.ref.headSha && !job.full) {
      log.info({ sha: last }, "this commit was reviewed already; nothing to do");
      return { status: "up-to-date", sha: last };
    }
    if (await deps.budget.isSpent(job.installationId)) {
      const spent = (await deps.budget.spentToday(job.installationId)).toLocaleString("en-US");
      await github.createCompletedCheck(job.ref, skippedCheck(`Not reviewed: the token budget for today is spent (${spent} tokens)`));
      return { status: "over-budget" };
    }
    const threads = await github.listFindingThreads(job.ref);
    const plan = { since: job.full ? undefined : last, threads };
    const report = await reviewPullRequest(job.ref, { ...deps, agent: prepared.agent, settings: prepared.settings, codeScanning: config.code_scanning }, plan);
    if (report) await deps.budget.record(job.installationId, report.usage);
    return { status: "reviewed", report };
  } catch (error) {
    const reason = describeGitHubError(error, "preparing the review");
    log.error({ err: error }, `review job failed: ${reason}`);
    await github
      .createCompletedCheck(job.ref, { verdict: { conclusion: "failure", title: `Review failed: ${reason}` }, summary: reason })
      .catch((e: unknown) => log.error({ err: e }, "could not report the failure on GitHub"));
    return { status: "failed", reason };
  }
}

type Prepared = { ok: true; agent: AgentDefinition; settings: ReviewSettings } | { ok: false; problems: ConfigProblem[] };

async function prepareReview(job: PullRequestJob, deps: PullRequestJobDeps, config: RepoConfig): Promise<Prepared> {
  let agent = deps.agent;
  if (config.agent !== undefined) {
    const text = await deps.github.readDefaultBranchFile(job.ref, config.agent);
    if (text === undefined) return { ok: false, problems: [{ key: "agent", message: `the file ${config.agent} does not exist on the default branch` }] };
    try {
      agent = parseAgent(text, `${job.ref.owner}/${job.ref.repo}:${config.agent}`);
    } catch (error) {
      return { ok: false, problems: [{ key: "agent", message: error instanceof Error ? error.message : String(error) }] };
    }
  }
  const settings = buildReviewSettings(deps.settings, config, config.agent !== undefined ? agent.model : undefined);
  return settings.ok ? { ok: true, agent, settings: settings.settings } : settings;
}

function skippedCheck(title: string) {
  return { verdict: { conclusion: "neutral" as const, title }, summary: `${title}.` };
}
