import type { DeploymentEnv } from "../config/env.js";
import type { ChangedFile } from "../diff/types.js";
import { providerSettingsFrom } from "../config/provider-env.js";
import { createReviewModel, describeProvider } from "../model/create-review-model.js";
import type { FailOn } from "../review/decide-conclusion.js";
import { reviewChanges, type ReviewInput } from "../review/review-changes.js";
import { contextPaths, type HeadFiles } from "../review/plan-work.js";
import type { HeadFilesReader } from "./head-files-source.js";
import { plural } from "../review/markdown.js";
import type { ReviewReport } from "../review/review-report.js";
import { CliError, EXIT, messageOf } from "./cli-error.js";
import { requireModelCredentials } from "./cli-env.js";
import { collectFindings, exitCodeFor } from "./cli-findings.js";
import type { CliIo } from "./io.js";
import { planReview } from "./plan-review.js";
import { createProgress } from "./progress.js";
import { renderReport, type OutputFormat } from "./render-report.js";
import { renderPlanJson, renderPlanText } from "./render-plan.js";
import { overrideModel, type ReviewSetup } from "./review-setup.js";

/** The options both commands share. */
export interface CommonOptions {
  format?: OutputFormat | undefined;
  failOn?: FailOn | undefined;
  model?: string | undefined;
  config?: string | undefined;
  dryRun?: boolean | undefined;
}

/** Checked before any network or git call, so a mistyped flag costs nothing. */
export function checkCommon(options: CommonOptions, io: CliIo): void {
  if (options.dryRun && (options.format === "sarif" || options.format === "markdown")) {
    throw new CliError(`--dry-run prints a plan as pretty text or json; --format ${options.format} is for review results`);
  }
  if (options.model !== undefined) overrideModel(options.model, "--model");
  if (!options.dryRun) requireModelCredentials(io.env);
}

export interface ReviewRun {
  target: string;
  headSha: string;
  files: readonly ChangedFile[];
  setup: ReviewSetup;
  env: DeploymentEnv;
  options: CommonOptions;
  io: CliIo;
  /** Findings already on the pull request (pr --post): not raised again, as the App does. */
  knownFingerprints?: ReadonlySet<string> | undefined;
  /** Incremental (pr --post): the files were narrowed to what changed since this reviewed commit. */
  since?: string | undefined;
  alreadySkipped?: ReviewInput["alreadySkipped"];
  /** Reads the changed files at the reviewed side for the context around hunks (repository setting `context`). */
  readHeadFiles?: HeadFilesReader | undefined;
}

export type RunOutcome = { code: number; report?: ReviewReport | undefined };

/** Plans or reviews one set of changed files and prints the result; the caller may then post it. */
export async function runReview(run: ReviewRun): Promise<RunOutcome> {
  const { io, setup, options } = run;
  const format = options.format ?? (io.stdout.isTTY ? "pretty" : "json");
  // Read once, before planning, so a dry run's plan counts the context a real run sends.
  const heads = await readHeads(run);
  const plan = planReview(run.target, run.files, setup, heads);
  if (options.dryRun) {
    io.stdout.write(format === "json" ? renderPlanJson(plan, setup.settings) : renderPlanText(plan, setup.settings));
    return { code: EXIT.ok };
  }
  const progress = createProgress(io.stderr);
  requireModelCredentials(io.env);
  const provider = providerSettingsFrom(run.env);
  if (plan.calls.length > 0) {
    const { selected, calls } = plan;
    const onProvider = provider.provider === "anthropic" ? setup.settings.model : describeProvider(provider, setup.settings.model);
    progress.note(`reviewing ${plural(selected.length, "file")} of ${run.target} in ${plural(calls.length, "part")} with ${onProvider}`);
  }
  const tuning = { maxRetries: run.env.BACKEND_REVIEW_MODEL_RETRIES, timeoutMs: run.env.BACKEND_REVIEW_MODEL_TIMEOUT_MS };
  const model = await createReviewModel(provider, tuning).catch((error: unknown) => {
    throw new CliError(error instanceof Error ? error.message : String(error));
  });
  const { target, headSha, files, knownFingerprints, since, alreadySkipped } = run;
  const input: ReviewInput = { target, headSha, files, knownFingerprints, since, alreadySkipped };
  const readHeadFiles = heads && (async () => heads);
  const report = await reviewChanges(input, { ...setup, model: progress.track(model, plan.calls.length), log: progress.log, readHeadFiles });
  progress.done();
  const findings = collectFindings(report);
  io.stdout.write(renderReport(format, report, findings, setup.agent));
  return { code: exitCodeFor(report, findings, setup.settings.failOn), report };
}

/** `enabled: false` stops the App for a repository; the CLI honours it the same way. */
export function disabledByConfig(io: CliIo, label: string): RunOutcome {
  io.stderr.write(`backend-review: not reviewed: ${label} turns reviews off (enabled: false); pass --config <file> to use other settings\n`);
  return { code: EXIT.ok };
}

/** The context's files, or none (with a note) when they cannot be read: the review goes on with the hunks alone. */
async function readHeads(run: ReviewRun): Promise<HeadFiles | undefined> {
  const paths = run.readHeadFiles ? contextPaths(run.files, run.setup.settings) : [];
  if (!run.readHeadFiles || paths.length === 0) return undefined;
  try {
    return await run.readHeadFiles(paths);
  } catch (error) {
    run.io.stderr.write(`backend-review: could not read the changed files for the code around the changes (${messageOf(error)}); reviewing the diff alone\n`);
    return undefined;
  }
}
