import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CliError, EXIT, messageOf } from "../cli/cli-error.js";
import type { CliFinding } from "../cli/cli-findings.js";
import { selectEarlierFindings } from "../cli/earlier-findings.js";
import { renderSarif } from "../cli/format-sarif.js";
import type { CliIo } from "../cli/io.js";
import { packageVersion } from "../cli/package-version.js";
import { runPrReview, type PrReviewOutcome } from "../cli/pr-review.js";
import { providerProblems } from "../config/provider-env.js";
import { SEVERITIES } from "../review/finding.js";
import { readActionInputs, type ActionInputs } from "./action-inputs.js";
import { buildFindingAnnotations } from "./finding-annotations.js";
import { readPullRequestEvent, type PullRequestEvent } from "./pull-request-event.js";
import { renderFailure, renderJobSummary, renderNotReviewed } from "./render-job-summary.js";
import { appendJobSummary, workflowCommand, writeOutputs } from "./runner-files.js";

/**
 * The GitHub Action: the CLI's pull request path (the App's configuration, markers and incremental
 * review) driven by the runner's files instead of flags. Returns the step's exit code: 1 when a
 * finding reaches fail-on (after posting), 2 when the review could not run, 3 when the model failed.
 */
export async function runAction(io: CliIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`backend-review: ${line}\n`);
  try {
    const inputs = readActionInputs(io.env);
    const event = await readPullRequestEvent(io.env);
    const env = reviewEnv(io.env, inputs, event);
    const { owner, repo, pullNumber } = event.target;
    say(`pull request ${owner}/${repo}#${pullNumber} at ${event.headSha.slice(0, 7)} (${io.env.GITHUB_EVENT_NAME} ${event.action})`);
    if (!event.facts) {
      const reason = `a pull request that was ${event.action.replace(/_/g, " ")} is not reviewed; backend-review reviews opened, synchronize, reopened and ready_for_review`;
      say(`not reviewed: ${reason}`);
      await finish(io, inputs, renderNotReviewed(`Not reviewed: ${reason}`), []);
      return EXIT.ok;
    }
    if (event.readOnly) say("this pull request comes from a fork: its pull_request run has a read-only token, so the review goes to the job summary (and SARIF), and nothing is posted");
    const outcome = await withoutWorkflowCommands(io, () => runPrReview(
      {
        target: event.target,
        token: inputs.githubToken,
        headSha: event.headSha,
        options: { format: "pretty", failOn: inputs.failOn, model: inputs.model, post: true },
        repoConfigPath: inputs.config,
        facts: event.facts,
        readOnly: event.readOnly,
        keepReviewWhenRefused: true,
        userAgent: `backend-review-action/${packageVersion()}`,
      },
      { ...io, env },
    ));
    return await report(io, inputs, outcome, event);
  } catch (error) {
    const message = error instanceof CliError ? error.message : `unexpected error: ${messageOf(error)}`;
    io.stdout.write(workflowCommand("error", message));
    await finish(io, undefined, renderFailure(message), []).catch((e: unknown) => say(`could not write the job summary: ${messageOf(e)}`));
    return error instanceof CliError ? error.code : EXIT.usage;
  }
}

/**
 * The log shows the findings, whose text comes from the model reading an untrusted diff: a line
 * there must never act as a workflow command (`::add-mask::`, `::error::`…), so the runner is told
 * to stop reading commands until a token nobody could have guessed.
 */
async function withoutWorkflowCommands<T>(io: CliIo, run: () => Promise<T>): Promise<T> {
  const token = `backend-review-${randomUUID()}`;
  io.stdout.write(`::stop-commands::${token}\n`);
  try {
    return await run();
  } finally {
    io.stdout.write(`::${token}::\n`);
  }
}

/** What the review core reads from the environment, with the inputs in the variables it knows. */
function reviewEnv(env: CliIo["env"], inputs: ActionInputs, event: PullRequestEvent): Record<string, string | undefined> {
  const merged = {
    ...env,
    GITHUB_TOKEN: inputs.githubToken,
    ANTHROPIC_API_KEY: inputs.anthropicApiKey ?? env.ANTHROPIC_API_KEY,
    BACKEND_REVIEW_PROVIDER: inputs.provider ?? env.BACKEND_REVIEW_PROVIDER,
  };
  const provider = merged.BACKEND_REVIEW_PROVIDER?.trim().toLowerCase() || "anthropic";
  if (provider === "anthropic" && !merged.ANTHROPIC_API_KEY?.trim()) {
    const fork = event.fromFork
      ? " GitHub does not give repository secrets to pull_request runs from forks, so a fork's pull request cannot be reviewed this way."
      : "";
    throw new CliError(`the anthropic-api-key input is empty: pass anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }} (or choose another provider).${fork}`);
  }
  // Bedrock and Vertex read the job's environment: name what is missing there, before any GitHub call.
  const problems = providerProblems(merged);
  if (problems.length > 0) throw new CliError(`the model cannot be called: ${problems.join("; ")}. Set it in the job's or the step's env.`);
  return merged;
}

async function report(io: CliIo, inputs: ActionInputs, outcome: PrReviewOutcome, event: PullRequestEvent): Promise<number> {
  const { report, setup } = outcome;
  if (!report || !setup) {
    await finish(io, inputs, renderNotReviewed(`Not reviewed: ${outcome.notReviewed ?? "nothing to review"}`), []);
    return outcome.code;
  }
  let sarifPath: string | undefined;
  if (inputs.sarif !== undefined) {
    sarifPath = path.resolve(io.env.GITHUB_WORKSPACE ?? io.cwd, inputs.sarif);
    await mkdir(path.dirname(sarifPath), { recursive: true });
    // The whole standing picture, as the App uploads it: code scanning takes each file as the full
    // analysis. No automationDetails: upload-sarif's `category` names the analysis.
    const earlier = selectEarlierFindings(outcome.standing, outcome.findings);
    await writeFile(sarifPath, renderSarif(report, outcome.findings, setup.agent, { earlier }), "utf8");
    io.stderr.write(`backend-review: SARIF written to ${sarifPath}\n`);
  }
  const server = (io.env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "");
  const { owner, repo, pullNumber } = event.target;
  const pullUrl = `${server}/${owner}/${repo}/pull/${pullNumber}`;
  await finish(io, inputs, renderJobSummary(report, { pullUrl, post: outcome.post, sarifPath }), outcome.findings, sarifPath);
  // Nothing reached the pull request: annotations at least put the findings on its lines (Files tab).
  if (outcome.post.kind === "read-only") annotate(io, outcome.findings);
  if (outcome.code === EXIT.findings) io.stderr.write(`backend-review: failing the step: a finding is at or above fail-on (${setup.settings.failOn})\n`);
  return outcome.code;
}

function annotate(io: CliIo, findings: readonly CliFinding[]): void {
  const { lines, left } = buildFindingAnnotations(findings);
  for (const line of lines) io.stdout.write(line);
  if (left > 0) io.stderr.write(`backend-review: ${left} more findings are in the job summary (GitHub shows 10 annotations of each level per step)\n`);
}

/** Job summary and step outputs; without the runner's files (a local run) there is nowhere to write them. */
async function finish(io: CliIo, inputs: ActionInputs | undefined, summary: string, findings: readonly CliFinding[], sarifPath?: string): Promise<void> {
  if (io.env.GITHUB_STEP_SUMMARY) await appendJobSummary(io.env.GITHUB_STEP_SUMMARY, summary);
  if (!io.env.GITHUB_OUTPUT) return;
  await writeOutputs(io.env.GITHUB_OUTPUT, stepOutputs(findings, inputs?.sarif === undefined ? undefined : sarifPath));
}

/** The outputs action.yml declares (a test keeps the two lists equal). */
export function stepOutputs(findings: readonly CliFinding[], sarifPath: string | undefined): Record<string, string> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, String(findings.filter((f) => f.finding.severity === s).length)]));
  return { ...counts, findings: String(findings.length), "sarif-path": sarifPath ?? "" };
}
