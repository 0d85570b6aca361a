import path from "node:path";
import { Octokit } from "@octokit/rest";
import { CONFIG_PATH, type RepoConfig } from "../config/repo-config-schema.js";
import type { GitHubPort, PullRequestRef } from "../github/github-port.js";
import { knownFingerprints } from "../review/finding-threads.js";
import { createOctokitPort } from "../github/octokit-port.js";
import { buildReviewDraft } from "../review/build-review-draft.js";
import { plural } from "../review/markdown.js";
import type { ReviewReport } from "../review/review-report.js";
import { githubApiUrl, readSettingsEnv, requireGitHubToken } from "./cli-env.js";
import { githubStep } from "./github-step.js";
import type { CliIo } from "./io.js";
import { configError, readLocalConfig } from "./local-config.js";
import { packageVersion } from "./package-version.js";
import { parsePrTarget } from "./pr-target.js";
import { prepareSetup } from "./review-setup.js";
import { checkCommon, disabledByConfig, runReview, type CommonOptions } from "./run-review.js";

export interface PrOptions extends CommonOptions {
  post?: boolean | undefined;
}

/*
 * No check run: a personal token cannot create one (only a GitHub App can), and where the App is
 * installed its own "backend-review" check would be overwritten. The exit code is the CI signal.
 */
export async function runPrCommand(targetText: string, options: PrOptions, io: CliIo): Promise<number> {
  const target = parsePrTarget(targetText);
  const env = readSettingsEnv(io.env);
  checkCommon(options, io);
  const apiUrl = githubApiUrl(io.env);
  const octokit = new Octokit({
    auth: requireGitHubToken(io.env),
    baseUrl: apiUrl,
    userAgent: `backend-review-cli/${packageVersion()}`,
    log: quietLog(io),
  });
  const port = createOctokitPort(octokit);
  const call = <T>(action: string, fn: () => Promise<T>) => githubStep(action, apiUrl, fn);
  const { data: pr } = await call("reading the pull request", () =>
    octokit.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: target.pullNumber }),
  );
  const ref: PullRequestRef = { ...target, headSha: pr.head.sha };
  const name = `${target.owner}/${target.repo}#${target.pullNumber}`;
  const { config, label } = await loadConfig(options, port, ref, io, call);
  if (!config.enabled) return disabledByConfig(io, label).code;
  const setup = await prepareSetup(env, config, options, async (file) => {
    const text = await call(`reading the agent file ${file}`, () => port.readDefaultBranchFile(ref, file));
    return text === undefined ? undefined : { text, source: `${target.owner}/${target.repo}:${file}` };
  });
  const files = await call("listing the pull request's files", () => port.listFiles(ref));
  // Posting: the findings already on the pull request (the App's or an earlier run's) are not posted again.
  const known = options.post ? knownFingerprints(await call("reading earlier findings", () => port.listFindingThreads(ref))) : undefined;
  const outcome = await runReview({ target: name, headSha: ref.headSha, files, setup, env, options, io, knownFingerprints: known });
  if (options.post && outcome.report) await post(port, ref, outcome.report, io, call);
  return outcome.code;
}

type Call = <T>(action: string, fn: () => Promise<T>) => Promise<T>;

/** From the default branch, as the App reads it; --config swaps in a local file to try changes out. */
async function loadConfig(
  options: PrOptions,
  port: GitHubPort,
  ref: PullRequestRef,
  io: CliIo,
  call: Call,
): Promise<{ config: RepoConfig; label: string }> {
  if (options.config !== undefined) {
    const local = await readLocalConfig(path.resolve(io.cwd, options.config), options.config, true);
    for (const note of local.notes) io.stderr.write(`backend-review: ${note}\n`);
    return { config: local.config, label: options.config };
  }
  const loaded = await call(`reading ${CONFIG_PATH}`, () => port.loadConfig(ref));
  if (!loaded.ok) throw configError(loaded.problems);
  return { config: loaded.config, label: `${ref.owner}/${ref.repo}:${CONFIG_PATH}` };
}

/** The App's draft, markers included, so the App recognises the review on later pushes. */
async function post(port: GitHubPort, ref: PullRequestRef, report: ReviewReport, io: CliIo, call: Call): Promise<void> {
  if (report.reviewed.length === 0 && report.failures.length === 0) {
    io.stderr.write("backend-review: nothing to review; no review posted\n");
    return;
  }
  const posted = await call("posting the review", () => port.postReview(ref, buildReviewDraft(report)));
  const how = posted.folded
    ? "GitHub refused the inline comments, so they are listed in the review body"
    : plural(report.inline.length, "inline comment");
  io.stderr.write(`backend-review: posted review ${posted.id} on ${ref.owner}/${ref.repo}#${ref.pullNumber} (${how})\n`);
}

/** Octokit logs every failed request; githubStep already says what failed, in words, once. */
function quietLog(io: CliIo) {
  return { debug() {}, info() {}, warn: (message: string) => io.stderr.write(`backend-review: github: ${message}\n`), error() {} };
}
