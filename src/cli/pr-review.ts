import path from "node:path";
import { Octokit } from "@octokit/rest";
import { CONFIG_PATH, type RepoConfig } from "../config/repo-config-schema.js";
import { decideReview, type PullRequestFacts } from "../config/review-gate.js";
import type { GitHubPort, PullRequestRef } from "../github/github-port.js";
import { loadRepoConfig } from "../github/load-repo-config.js";
import { createOctokitPort, statusOf } from "../github/octokit-port.js";
import { narrowToChanges, type Scope } from "../github/review-pull-request.js";
import { buildReviewDraft } from "../review/build-review-draft.js";
import { knownFingerprints, openSeverities, type FindingThread } from "../review/finding-threads.js";
import { findFixedThreads } from "../review/fixed-threads.js";
import { plural } from "../review/markdown.js";
import type { ReviewReport } from "../review/review-report.js";
import { EXIT } from "./cli-error.js";
import { githubApiUrl, readSettingsEnv } from "./cli-env.js";
import { collectFindings, exitCodeFor, type CliFinding } from "./cli-findings.js";
import { githubStep } from "./github-step.js";
import type { CliIo } from "./io.js";
import { configError, readLocalConfig } from "./local-config.js";
import { packageVersion } from "./package-version.js";
import type { PrTarget } from "./pr-target.js";
import { prepareSetup, type ReviewSetup } from "./review-setup.js";
import { checkCommon, disabledByConfig, runReview, type CommonOptions } from "./run-review.js";

export interface PrReviewRequest {
  target: PrTarget;
  token: string;
  /** Known from a webhook payload (the Action); otherwise read from the API. */
  headSha?: string | undefined;
  /** `config` is a local file (the CLI's --config); without it the repository's file at this path. */
  options: CommonOptions & { post?: boolean | undefined };
  repoConfigPath?: string | undefined;
  /** The event that started an automatic run: the App's rules (drafts, skip lists, auto_review) apply. */
  facts?: PullRequestFacts | undefined;
  /** The token cannot write (a fork's pull_request run): review, post nothing. */
  readOnly?: boolean | undefined;
  /** A 403 on posting means a read-only token (the Action): keep the review instead of failing. */
  keepReviewWhenRefused?: boolean | undefined;
  userAgent: string;
}

export type PostOutcome =
  | { kind: "not-asked" }
  | { kind: "posted"; id: number; folded: boolean }
  | { kind: "nothing-new"; why: string }
  | { kind: "read-only"; why: string };

export interface PrReviewOutcome {
  code: number;
  /** Set when the review ran (not when the configuration or the gate stopped it). */
  report?: ReviewReport | undefined;
  setup?: ReviewSetup | undefined;
  findings: CliFinding[];
  /** Earlier reviews' findings still standing (open, not dismissed, code still there); empty unless posting. */
  standing: FindingThread[];
  post: PostOutcome;
  /** Why nothing was reviewed, in words. */
  notReviewed?: string | undefined;
}

type Call = <T>(action: string, fn: () => Promise<T>) => Promise<T>;

/**
 * The pull request path the CLI's `pr` command and the GitHub Action share: the App's
 * configuration (default branch, org defaults, `_extends`), the App's incremental scope and
 * markers when posting, and the exit code counting findings of earlier reviews still open.
 */
export async function runPrReview(request: PrReviewRequest, io: CliIo): Promise<PrReviewOutcome> {
  const { target, options } = request;
  const env = readSettingsEnv(io.env);
  checkCommon(options, io);
  const apiUrl = githubApiUrl(io.env);
  const octokit = new Octokit({ auth: request.token, baseUrl: apiUrl, userAgent: request.userAgent, log: quietLog(io) });
  const port = createOctokitPort(octokit);
  const call: Call = (action, fn) => githubStep(action, apiUrl, fn);
  const headSha = request.headSha ?? (await readHeadSha(octokit, target, call));
  const ref: PullRequestRef = { ...target, headSha };
  const name = `${target.owner}/${target.repo}#${target.pullNumber}`;
  const { config, label } = await loadConfig(request, octokit, ref, io, call);
  const notReviewed = (why: string): PrReviewOutcome => ({ code: EXIT.ok, findings: [], standing: [], post: { kind: "not-asked" }, notReviewed: why });
  // An automatic run (the Action) says it as the App's rules do; the CLI also says how to override it.
  if (!config.enabled && !request.facts) return { ...notReviewed(`${label} turns reviews off (enabled: false)`), code: disabledByConfig(io, label).code };
  const gate = request.facts ? decideReview(request.facts, config) : { run: true as const };
  if (!gate.run) {
    io.stderr.write(`backend-review: not reviewed: ${gate.reason}\n`);
    return notReviewed(gate.reason);
  }
  const setup = await prepareSetup(env, config, options, async (file) => {
    const text = await call(`reading the agent file ${file}`, () => port.readDefaultBranchFile(ref, file));
    return text === undefined ? undefined : { text, source: `${target.owner}/${target.repo}:${file}` };
  });
  const files = await call("listing the pull request's files", () => port.listFiles(ref));
  const posting = options.post === true && !request.readOnly;
  // What earlier reviews left (the App's or an earlier run's): not raised again, and only what changed since is read.
  const earlier = posting ? await readEarlier(port, ref, call) : undefined;
  const scope: Scope = earlier ? await call("comparing commits", () => narrowToChanges(ref, port, files, earlier.last)) : { files };
  const readHeadFiles = (paths: readonly string[]) => call("reading the changed files at the head", () => port.readHeadFiles(ref, paths));
  const run = { target: name, headSha, setup, env, options, io, knownFingerprints: earlier && knownFingerprints(earlier.threads), readHeadFiles };
  const outcome = await runReview({ ...run, files: scope.files, since: scope.since, alreadySkipped: scope.alreadySkipped });
  const report = outcome.report;
  if (!report) return { code: outcome.code, findings: [], standing: [], post: { kind: "not-asked" } };
  const findings = collectFindings(report);
  // Findings of earlier reviews whose code is still there keep failing the run until fixed or dismissed.
  const standing = earlier ? earlier.threads.filter((t) => !findFixedThreads(earlier.threads, files, new Set(report.fingerprints)).includes(t)) : [];
  const code = exitCodeFor(report, findings, setup.settings.failOn, openSeverities(standing));
  const post = await postOutcome(request, port, ref, report, findings, earlier?.last === headSha, io, call);
  return { code, report, setup, findings, standing, post };
}

async function readHeadSha(octokit: Octokit, target: PrTarget, call: Call): Promise<string> {
  const { data } = await call("reading the pull request", () =>
    octokit.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: target.pullNumber }),
  );
  return data.head.sha;
}

async function readEarlier(port: GitHubPort, ref: PullRequestRef, call: Call): Promise<{ last: string | undefined; threads: FindingThread[] }> {
  const reviewed = await call("reading earlier reviews", () => port.listReviewedShas(ref));
  const threads = await call("reading earlier findings", () => port.listFindingThreads(ref));
  return { last: reviewed.at(-1), threads };
}

/** From the default branch, as the App reads it; --config swaps in a local file to try changes out. */
async function loadConfig(
  request: PrReviewRequest,
  octokit: Octokit,
  ref: PullRequestRef,
  io: CliIo,
  call: Call,
): Promise<{ config: RepoConfig; label: string }> {
  const local = request.options.config;
  if (local !== undefined) {
    const read = await readLocalConfig(path.resolve(io.cwd, local), local, true);
    for (const note of read.notes) io.stderr.write(`backend-review: ${note}\n`);
    return { config: read.config, label: local };
  }
  const file = request.repoConfigPath ?? CONFIG_PATH;
  const loaded = await call(`reading ${file}`, () => loadRepoConfig(octokit, ref.owner, ref.repo, file));
  if (!loaded.ok) throw configError(loaded.problems);
  const sources = loaded.sources ?? [];
  // Said every time: where the settings came from is what makes the CLI, the Action and the App agree.
  io.stderr.write(`backend-review: configuration: ${sources.length > 0 ? sources.join(", then ") : `none found (${file}), the defaults apply`}\n`);
  return { config: loaded.config, label: `${ref.owner}/${ref.repo}:${file}` };
}

async function postOutcome(
  request: PrReviewRequest,
  port: GitHubPort,
  ref: PullRequestRef,
  report: ReviewReport,
  findings: readonly CliFinding[],
  sameCommitReviewed: boolean,
  io: CliIo,
  call: Call,
): Promise<PostOutcome> {
  const say = (line: string) => io.stderr.write(`backend-review: ${line}\n`);
  if (request.options.post !== true) return { kind: "not-asked" };
  if (request.readOnly) {
    const why = "the pull request comes from a fork, and GitHub gives its pull_request runs a read-only token";
    say(`not posted: ${why}`);
    return { kind: "read-only", why };
  }
  if (report.reviewed.length === 0 && report.failures.length === 0) {
    say("nothing to review; no review posted");
    return { kind: "nothing-new", why: "nothing to review" };
  }
  // A re-run on a commit already reviewed: post only what the earlier review did not say.
  if (sameCommitReviewed && findings.length === 0 && report.failures.length === 0) {
    const why = `commit ${ref.headSha.slice(0, 7)} was reviewed already and this run found nothing new`;
    say(`${why}; no review posted`);
    return { kind: "nothing-new", why };
  }
  try {
    const posted = await port.postReview(ref, buildReviewDraft(report));
    const how = posted.folded ? "GitHub refused the inline comments, so they are listed in the review body" : plural(report.inline.length, "inline comment");
    say(`posted review ${posted.id} on ${ref.owner}/${ref.repo}#${ref.pullNumber} (${how})`);
    return { kind: "posted", id: posted.id, folded: posted.folded };
  } catch (error) {
    if (request.keepReviewWhenRefused && statusOf(error) === 403) {
      const why = "GitHub refused to post the review (403): the token is read-only, as for a fork's pull_request run, or lacks pull-requests: write";
      say(`not posted: ${why}`);
      return { kind: "read-only", why };
    }
    return call("posting the review", () => Promise.reject(error));
  }
}

/** Octokit logs every failed request; githubStep already says what failed, in words, once. */
function quietLog(io: CliIo) {
  return { debug() {}, info() {}, warn: (message: string) => io.stderr.write(`backend-review: github: ${message}\n`), error() {} };
}

export function cliUserAgent(): string {
  return `backend-review-cli/${packageVersion()}`;
}
