import { SEVERITY_RANK, type Severity } from "./finding.js";
import { plural } from "./markdown.js";
import type { ReviewReport } from "./review-report.js";
import { allFindings, unreviewedCode } from "./render-summary.js";

export type Conclusion = "success" | "neutral" | "failure" | "cancelled";
export type FailOn = Severity | "never";

export interface CheckVerdict {
  conclusion: Conclusion;
  /** The check run's title: the one line users read in the PR's checks list. */
  title: string;
}

/**
 * Success only when everything that should have been read was read and nothing crossed `failOn`.
 * A failed model call is a failure, a partial review is neutral: never a green check for a review
 * that did not happen.
 */
export function decideConclusion(report: ReviewReport, failOn: FailOn, openEarlier: readonly Severity[] = []): CheckVerdict {
  const findings = allFindings(report);
  if (report.failures.length > 0) {
    const reasons = [...new Set(report.failures.map((f) => f.reason))].join("; ");
    const whole = report.failures.length === report.calls;
    return {
      conclusion: "failure",
      title: whole ? `Review failed: ${reasons}` : `Review incomplete: ${report.failures.length} of ${report.calls} parts failed (${reasons})`,
    };
  }
  const atOrAbove = (severity: Severity) => failOn !== "never" && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
  const blocking = findings.filter((f) => atOrAbove(f.severity)).length;
  // Findings raised by earlier reviews still stand until fixed or dismissed: an incremental
  // review that finds nothing new must not turn the check green over them.
  const standing = openEarlier.filter(atOrAbove).length;
  if (blocking + standing > 0) {
    const earlier = standing === 0 ? "" : blocking === 0 ? " (open from earlier reviews)" : ` (${standing} open from earlier reviews)`;
    return { conclusion: "failure", title: `${plural(blocking + standing, "finding")} at or above ${failOn} severity${earlier}` };
  }
  // A finding the reviewer wrote but nobody can see is a loss: never a plain green over it.
  const found = findings.length === 0 ? "no findings" : plural(findings.length, "finding");
  if (report.dropped.unusable > 0) {
    const lost = report.dropped.unusable;
    return { conclusion: "neutral", title: `Reviewed ${plural(report.reviewed.length, "file")} (${found}); ${plural(lost, "finding")} from the reviewer could not be used` };
  }
  // Server-side code the reviewer should have read but did not: never a plain green.
  const unreviewed = unreviewedCode(report);
  if (unreviewed.length > 0) {
    const total = report.reviewed.length + unreviewed.length;
    return { conclusion: "neutral", title: `Reviewed ${report.reviewed.length} of ${plural(total, "server-side file")} (${found}); ${unreviewed.length} could not be reviewed` };
  }
  if (report.truncatedChunks.length > 0) {
    return { conclusion: "neutral", title: `Reviewed ${plural(report.reviewed.length, "file")} (${found}); some answers were cut off` };
  }
  if (report.reviewed.length === 0 && report.since !== undefined) {
    return { conclusion: "success", title: `No server-side changes since ${report.since.slice(0, 7)}` };
  }
  if (report.reviewed.length === 0) {
    return { conclusion: "neutral", title: "Nothing to review: no server-side code changed" };
  }
  return { conclusion: "success", title: `Reviewed ${plural(report.reviewed.length, "file")}: ${found}` };
}
