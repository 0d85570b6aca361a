import type { AppDeps } from "../app-deps.js";
import type { JobOutcome } from "./run-pull-request-job.js";

/** Counts a finished job by outcome, and what a completed review found. */
export function recordOutcome(deps: Pick<AppDeps, "metrics">, outcome: JobOutcome): void {
  const report = outcome.status === "reviewed" ? outcome.report : undefined;
  const label = outcome.status !== "reviewed" ? outcome.status : !report ? "failed" : report.failures.length > 0 ? "incomplete" : "complete";
  deps.metrics.reviewOutcome(label);
  if (report) deps.metrics.report(report);
}
