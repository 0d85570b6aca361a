import { unreviewedCode } from "../review/render-summary.js";
import type { ReviewReport } from "../review/review-report.js";
import type { CliFinding } from "./cli-findings.js";
import { terminalSafe } from "./terminal-safe.js";
import { count, textTable } from "./text-table.js";

/** For a person at a terminal: findings first, then what was not reviewed and what it cost. */
export function renderPretty(report: ReviewReport, findings: readonly CliFinding[]): string {
  const sections = [
    headline(report, findings.length),
    findings.map(renderFinding).join("\n\n"),
    notReviewed(report),
    problems(report),
    usageLine(report),
  ].filter((s) => s.length > 0);
  return `${sections.join("\n\n")}\n`;
}

function headline(report: ReviewReport, found: number): string {
  const where = `${terminalSafe(report.target)} (${report.model})`;
  if (report.reviewed.length === 0 && report.failures.length === 0) {
    return unreviewedCode(report).length > 0
      ? `backend-review: nothing could be reviewed in ${where}`
      : `backend-review: nothing to review in ${where}: no server-side code changed`;
  }
  const total = report.reviewed.length + report.skipped.length;
  const summary = found === 0 ? "no findings" : found === 1 ? "1 finding" : `${count(found)} findings`;
  return `backend-review: ${summary} in ${where}\nReviewed ${report.reviewed.length} of ${total} changed files.`;
}

function renderFinding(item: CliFinding): string {
  const f = item.finding;
  const lines = item.endLine > item.startLine ? `${item.startLine}-${item.endLine}` : String(item.startLine);
  const where = item.placed ? "" : "  (reported line, outside the diff)";
  const indent = (text: string) => terminalSafe(text).replace(/\r?\n/g, "\n  ");
  return [
    `${f.severity.toUpperCase()}  ${terminalSafe(item.path)}:${lines}  ${f.check_id} · ${f.category}${where}`,
    `  ${indent(f.title)}`,
    `  ${indent(f.explanation)}`,
    `  Fix: ${indent(f.fix)}`,
  ].join("\n");
}

function notReviewed(report: ReviewReport): string {
  if (report.skipped.length === 0) return "";
  return [`Not reviewed (${report.skipped.length}):`, ...textTable(report.skipped.map((s) => [terminalSafe(s.path), s.reason]))].join("\n");
}

function problems(report: ReviewReport): string {
  const lines = report.failures.map(
    (f) => `Part ${f.chunk} of ${report.calls} was not reviewed: ${f.reason}. Files: ${f.paths.map(terminalSafe).join(", ")}`,
  );
  if (report.truncatedChunks.length > 0) {
    lines.push(`The answer for part ${report.truncatedChunks.join(", ")} was cut off at the output limit; some findings may be missing.`);
  }
  return lines.join("\n");
}

function usageLine(report: ReviewReport): string {
  if (report.calls === 0) return "";
  const u = report.usage;
  const input = u.input + u.cacheRead + u.cacheWrite;
  const calls = report.calls === 1 ? "1 model call" : `${report.calls} model calls`;
  const cache = `${count(u.cacheRead)} read from cache, ${count(u.cacheWrite)} written to it`;
  return `${calls} · ${count(input)} input tokens (${cache}) · ${count(u.output)} output tokens`;
}
