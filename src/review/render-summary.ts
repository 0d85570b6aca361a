import type { SkipReason } from "../diff/types.js";
import type { AnchoredFinding, FileLevelFinding } from "./anchor-findings.js";
import { SEVERITIES, type Finding } from "./finding.js";
import { capList, cellCode, code, plural, shortSha } from "./markdown.js";
import { reviewMarker } from "./markers.js";
import type { ReviewReport } from "./review-report.js";
import { sanitizeLine } from "./sanitize-text.js";
import { severityLabel } from "./severity-label.js";

const MAX_LISTED = 50;
/** GitHub refuses review bodies over 65,536 characters; keep well under it. */
const MAX_BODY = 60_000;

/** Server-side code the reviewer should have read but did not. */
const UNREVIEWED_CODE: ReadonlySet<SkipReason> = new Set<SkipReason>([
  "binary or too large (GitHub sent no diff)",
  "over the review's token budget",
  "over the review's file limit",
  "over the review's size limit",
  "over the review's model call limit",
]);

/** Every skip for a resource limit is here; the patch-size one names its limit, so it goes by its start. */
function isUnreviewedCode(reason: SkipReason): boolean {
  return UNREVIEWED_CODE.has(reason) || reason.startsWith("patch too large (");
}

/** Paths of skipped server-side files: a review that skipped one is never a plain success. */
export function unreviewedCode(report: ReviewReport): string[] {
  return report.skipped.filter((s) => isUnreviewedCode(s.reason)).map((s) => s.path);
}

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
    repeatedNote(report),
    severityTable(all),
    failureNotice(report, options.rerunHint),
    unusableNotice(report),
    listFindings("Not placed on a line (the reported line is outside the diff)", report.fileLevel),
    listFindings("On files that were not part of this review (the reviewer named a path it was not shown)", report.otherFiles),
    options.folded
      ? listFindings("Findings (GitHub did not accept them as inline comments)", [...report.inline, ...report.overflow])
      : listFindings(`More findings (over the limit of ${plural(report.inline.length, "inline comment")})`, report.overflow),
    skippedTable(report),
    accountingLine(report),
    usageLine(report),
  ].filter((s) => s.length > 0);
  const state = report.failures.length > 0 ? "partial" : "done";
  return `${fitBody(sections.join("\n\n"))}\n\n${reviewMarker(report.headSha, state)}`;
}

/** Cuts at a line end (never inside a line's code span or emoji) and closes an open `<details>`. */
function fitBody(body: string): string {
  if (body.length <= MAX_BODY) return body;
  const lineEnd = body.lastIndexOf("\n", MAX_BODY);
  let cut = body.slice(0, lineEnd > 0 ? lineEnd : MAX_BODY);
  if (cut.lastIndexOf("<details>") > cut.lastIndexOf("</details>")) cut += "\n\n</details>";
  return `${cut}\n\n…(summary cut to fit GitHub's limit)`;
}

/** Every finding the review shows, inline or listed: what counts, and what `fail_on` weighs. */
export function allFindings(report: ReviewReport): Finding[] {
  return [...report.inline, ...report.overflow, ...report.fileLevel, ...report.otherFiles].map((f) => f.finding);
}

function headline(report: ReviewReport, count: number): string {
  if (report.reviewed.length === 0 && report.failures.length === 0) {
    return unreviewedCode(report).length > 0 ? "### backend-review: nothing could be reviewed" : "### backend-review: nothing to review";
  }
  if (report.failures.length > 0 && report.calls === report.failures.length) return "### backend-review: the review could not be completed";
  return count === 0 ? "### backend-review: no findings" : `### backend-review: ${plural(count, "finding")}`;
}

function scope(report: ReviewReport): string {
  const total = report.reviewed.length + report.skipped.length;
  const at = code(shortSha(report.headSha));
  if (report.reviewed.length === 0) {
    const unreviewed = unreviewedCode(report).length;
    if (total === 0) return `The pull request has no changed files at ${at}.`;
    if (unreviewed > 0) return `${plural(unreviewed, "server-side file")} at ${at} could not be reviewed; the list below says why.`;
    return total === 1
      ? `The changed file at ${at} is not server-side code this reviewer checks.`
      : `None of the ${total} changed files at ${at} is server-side code this reviewer checks.`;
  }
  const clean = allFindings(report).length === 0 && report.failures.length === 0;
  const tail = clean ? ": no security, performance or reliability defects found in the changed lines." : ".";
  // A file whose model call failed was not reviewed, whatever the plan said.
  const failed = new Set(report.failures.flatMap((f) => f.paths));
  const done = report.reviewed.filter((path) => !failed.has(path)).length;
  const since = report.since ? ` changed since ${code(shortSha(report.since))}` : "";
  return `Reviewed ${done} of ${plural(total, "changed file")}${since} at ${at}${tail}`;
}

function repeatedNote(report: ReviewReport): string {
  const { known, unconfirmed } = report.dropped;
  const notes: string[] = [];
  if (known === 1) notes.push("1 finding raised or dismissed in an earlier review of this pull request is not repeated.");
  if (known > 1) notes.push(`${known.toLocaleString("en-US")} findings raised or dismissed in earlier reviews of this pull request are not repeated.`);
  if (unconfirmed > 0) notes.push(`${plural(unconfirmed, "high or critical finding")} did not hold up on a second look and ${unconfirmed === 1 ? "is" : "are"} left out.`);
  return notes.join(" ");
}

/** Findings the reviewer wrote that could not be read at all: said plainly, never dropped unseen. */
function unusableNotice(report: ReviewReport): string {
  const n = report.dropped.unusable;
  if (n === 0) return "";
  const what = n === 1 ? "1 finding from the reviewer could not be used (it named no file or no severity)" : `${n.toLocaleString("en-US")} findings from the reviewer could not be used (they named no file or no severity)`;
  return `> ⚠️ ${what}. Re-run the review to try again.`;
}

/**
 * Where every reported finding went, so none disappears without a word. Only the reasons that
 * occurred are named; the numbers add up to the findings reported.
 */
export function accountingLine(report: ReviewReport): string {
  const d = report.dropped;
  const parts: [number, string][] = [
    [report.inline.length, "posted inline"],
    [report.overflow.length, "over the comment limit"],
    [report.fileLevel.length, "placed at file level"],
    [report.otherFiles.length, "on another file"],
    [d.unusable, "unusable"],
    [d.duplicates, "duplicate"],
    [d.belowSeverity, "below min_severity"],
    [d.belowConfidence, "below min_confidence"],
    [d.categoryOff, "category not reviewed"],
    [d.unconfirmed, "not confirmed by the second look"],
    [d.known, "already on the pull request"],
  ];
  const shown = parts.filter(([n]) => n > 0);
  if (report.reported === 0 || (shown.length === 1 && shown[0]?.[1] === "posted inline" && report.repaired === 0)) return "";
  const n = (x: number) => x.toLocaleString("en-US");
  const repaired = report.repaired > 0 ? ` (${n(report.repaired)} repaired: ids, paths, lines or numbers written another way)` : "";
  return `<sub>${plural(report.reported, "finding")} reported${repaired}: ${shown.map(([x, why]) => `${n(x)} ${why}`).join(" · ")}</sub>`;
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
    const files = capList(failure.paths.map(code), 10, (n) => `and ${n.toLocaleString("en-US")} more`).join(", ");
    notes.push(`> ⚠️ Part ${failure.chunk} of ${report.calls} was not reviewed: ${failure.reason}. Files: ${files}.`);
  }
  if (report.truncatedChunks.length > 0) {
    const parts = report.truncatedChunks;
    const which = parts.length === 1 ? `answer for part ${parts.join("")} was` : `answers for parts ${parts.join(", ")} were`;
    notes.push(`> ⚠️ The reviewer's ${which} cut off at the output limit; some findings may be missing.`);
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
  return [`**${title}:**`, ...capList(lines, MAX_LISTED, (n) => `- …and ${n.toLocaleString("en-US")} more`)].join("\n");
}

function skippedTable(report: ReviewReport): string {
  if (report.skipped.length === 0) return "";
  const rows = report.skipped.map((s) => `| ${cellCode(s.path)} | ${s.reason} |`);
  return [
    `<details><summary>${plural(report.skipped.length, "file")} not reviewed</summary>`,
    "",
    "| File | Reason |",
    "| --- | --- |",
    ...capList(rows, MAX_LISTED * 2, (n) => `| …and ${n.toLocaleString("en-US")} more | |`),
    "",
    "</details>",
  ].join("\n");
}

function usageLine(report: ReviewReport): string {
  if (report.calls === 0) return "";
  const u = report.usage;
  const input = u.input + u.cacheRead + u.cacheWrite;
  const n = (x: number) => x.toLocaleString("en-US");
  const context = report.contextTokens ? `, about ${n(report.contextTokens)} of them for the code around the changes` : "";
  return `<sub>${report.model} · ${plural(report.calls, "model call")} · ${n(input)} input tokens (${n(u.cacheRead)} read from cache, ${n(u.cacheWrite)} written to cache${context}) · ${n(u.output)} output tokens</sub>`;
}
