import type { AnchoredFinding, FileLevelFinding } from "../review/anchor-findings.js";
import type { FailOn } from "../review/decide-conclusion.js";
import { SEVERITY_RANK, type Finding, type Severity } from "../review/finding.js";
import type { ReviewReport } from "../review/review-report.js";
import { EXIT } from "./cli-error.js";

/** A finding as every output format shows it: locally the comment cap on GitHub means nothing. */
export interface CliFinding {
  finding: Finding;
  path: string;
  startLine: number;
  endLine: number;
  /** On a line of the diff; otherwise the lines are the ones the model reported. */
  placed: boolean;
  suggestion?: string | undefined;
  fingerprint: string;
}

function fromAnchored(a: AnchoredFinding): CliFinding {
  const { finding, path, line, startLine, suggestion, fingerprint } = a;
  return { finding, path, startLine: startLine ?? line, endLine: line, placed: true, suggestion, fingerprint };
}

/** A finding with no usable line is reported on the file's first line (SARIF needs a line). */
function fromFileLevel(f: FileLevelFinding): CliFinding {
  const { line = 1, end_line: end } = f.finding;
  const endLine = end !== undefined && end > line ? end : line;
  return { finding: f.finding, path: f.path, startLine: line, endLine, placed: false, fingerprint: f.fingerprint };
}

/** Worst first, then by file and line, like the review's summary. */
export function collectFindings(report: ReviewReport): CliFinding[] {
  const all = [...report.inline.map(fromAnchored), ...report.overflow.map(fromAnchored), ...report.fileLevel.map(fromFileLevel), ...report.otherFiles.map(fromFileLevel)];
  return all.sort(
    (a, b) =>
      SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] || a.path.localeCompare(b.path) || a.startLine - b.startLine,
  );
}

/**
 * A finding the gate asked about beats a failed part: it is certain, while the failure only means
 * "unknown". `openEarlier`: severities of earlier reviews' findings still standing, as the App's check counts them.
 */
export function exitCodeFor(report: ReviewReport, findings: readonly CliFinding[], failOn: FailOn, openEarlier: readonly Severity[] = []): number {
  const severities = [...findings.map((f) => f.finding.severity), ...openEarlier];
  if (failOn !== "never" && severities.some((s) => SEVERITY_RANK[s] >= SEVERITY_RANK[failOn])) return EXIT.findings;
  return report.failures.length > 0 ? EXIT.model : EXIT.ok;
}
