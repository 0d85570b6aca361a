import type { AnchoredFinding, FileLevelFinding } from "./anchor-findings.js";
import { SEVERITIES, type Finding } from "./finding.js";
import { capList, code, plural, shortSha } from "./markdown.js";
import { reviewMarker } from "./markers.js";
import type { ReviewReport } from "./review-report.js";
import { sanitizeLine } from "./sanitize-text.js";
import { severityLabel } from "./severity-label.js";

const MAX_LISTED = 50;
/** GitHub refuses review bodies over 65,536 characters; keep well under it. */
const MAX_BODY = 60_000;

/** The review's summary body: counts, what was and was not reviewed, what it cost. */
export interface SummaryOptions {
  rerunHint: string;
  /** GitHub refused the inline comments, so every finding is listed here instead. */
  folded?: boolean;
}

export function renderSummary(report: ReviewReport, options: SummaryOptions): string {
  const all = allFindings(report);
  const sections = [
    headline(report, all.length),
    scope(report),
    severityTable(all),
    failureNotice(report, options.rerunHint),
    listFindings("Not placed on a line (the reported line is outside the diff)", report.fileLevel),
    options.folded
      ? listFindings("Findings (GitHub did not accept them as inline comments)", [...report.inline, ...report.overflow])
      : listFindings(`More findings (over the limit of ${report.inline.length} inline comments)`, report.overflow),
    skippedTable(report),
    usageLine(report),
  ].filter((s) => s.length > 0);
  let body = sections.join("\n\n");
  if (body.length > MAX_BODY) body = `${body.slice(0, MAX_BODY)}\n\n…(summary cut to fit GitHub's limit)`;
  return `${body}\n\n${reviewMarker(report.headSha)}`;
}

export function allFindings(report: ReviewReport): Finding[] {
  return [...report.inline, ...report.overflow, ...report.fileLevel].map((f) => f.finding);
}

function headline(report: ReviewReport, count: number): string {
  if (report.reviewed.length === 0 && report.failures.length === 0) return "### backend-review: nothing to review";
  if (report.failures.length > 0 && report.calls === report.failures.length) return "### backend-review: the review could not be completed";
  return count === 0 ? "### backend-review: no findings" : `### backend-review: ${plural(count, "finding")}`;
}

function scope(report: ReviewReport): string {
  const total = report.reviewed.length + report.skipped.length;
  if (report.reviewed.length === 0) {
    return total === 0
      ? `The pull request has no changed files at ${code(shortSha(report.headSha))}.`
      : `None of the ${plural(total, "changed file")} at ${code(shortSha(report.headSha))} is server-side code this reviewer checks.`;
  }
  const clean = allFindings(report).length === 0 && report.failures.length === 0;
  const tail = clean ? ": no security, performance or reliability defects found in the changed lines." : ".";
  return `Reviewed ${report.reviewed.length} of ${plural(total, "changed file")} at ${code(shortSha(report.headSha))}${tail}`;
}

function severityTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return "";
  const rows = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `| ${severityLabel(s)} | ${n} |`);
  return ["| Severity | Findings |", "| --- | ---: |", ...rows].join("\n");
}

function failureNotice(report: ReviewReport, rerunHint: string): string {
  const notes: string[] = [];
  for (const failure of report.failures) {
    const files = capList(failure.paths.map(code), 10, (n) => `and ${n} more`).join(", ");
    notes.push(`> ⚠️ Part ${failure.chunk} of ${report.calls} was not reviewed: ${failure.reason}. Files: ${files}.`);
  }
  if (report.truncatedChunks.length > 0) {
    notes.push(`> ⚠️ The reviewer's answer for part ${report.truncatedChunks.join(", ")} was cut off at the output limit; some findings may be missing.`);
  }
  if (notes.length === 0) return "";
  return [...notes, `> ${rerunHint}`].join("\n>\n");
}

function listFindings(title: string, items: readonly (AnchoredFinding | FileLevelFinding)[]): string {
  if (items.length === 0) return "";
  const lines = items.map((item) => {
    const where = "line" in item ? `${item.path}:${item.line}` : item.path;
    const f = item.finding;
    return `- ${severityLabel(f.severity)} · ${code(where)} · ${code(f.check_id)} ${sanitizeLine(f.title, 200)}`;
  });
  return [`**${title}:**`, ...capList(lines, MAX_LISTED, (n) => `- …and ${n} more`)].join("\n");
}

function skippedTable(report: ReviewReport): string {
  if (report.skipped.length === 0) return "";
  const rows = report.skipped.map((s) => `| ${code(s.path)} | ${s.reason} |`);
  return [
    `<details><summary>${plural(report.skipped.length, "file")} not reviewed</summary>`,
    "",
    "| File | Reason |",
    "| --- | --- |",
    ...capList(rows, MAX_LISTED * 2, (n) => `| …and ${n} more | |`),
    "",
    "</details>",
  ].join("\n");
}

function usageLine(report: ReviewReport): string {
  if (report.calls === 0) return "";
  const u = report.usage;
  const input = u.input + u.cacheRead + u.cacheWrite;
  const n = (x: number) => x.toLocaleString("en-US");
  return `<sub>${report.model} · ${plural(report.calls, "model call")} · ${n(input)} input tokens (${n(u.cacheRead)} read from cache, ${n(u.cacheWrite)} written to cache) · ${n(u.output)} output tokens</sub>`;
}
