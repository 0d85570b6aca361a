import type { ReviewReport } from "../review/review-report.js";
import type { CliFinding } from "./cli-findings.js";

/** A stable, flat shape for scripts; `version` changes if a field changes meaning. */
export function renderJson(report: ReviewReport, findings: readonly CliFinding[]): string {
  const json = {
    version: 1,
    target: report.target,
    headSha: report.headSha,
    model: report.model,
    reviewed: report.reviewed,
    skipped: report.skipped,
    findings: findings.map((item) => ({
      path: item.path,
      startLine: item.startLine,
      endLine: item.endLine,
      onDiff: item.placed,
      severity: item.finding.severity,
      category: item.finding.category,
      checkId: item.finding.check_id,
      title: item.finding.title,
      explanation: item.finding.explanation,
      fix: item.finding.fix,
      ...(item.suggestion !== undefined ? { suggestion: item.suggestion } : {}),
      confidence: item.finding.confidence,
      fingerprint: item.fingerprint,
    })),
    failures: report.failures,
    truncatedParts: report.truncatedChunks,
    calls: report.calls,
    usage: report.usage,
    reported: report.reported,
    repaired: report.repaired,
    dropped: report.dropped,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
