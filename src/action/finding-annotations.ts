import type { CliFinding } from "../cli/cli-findings.js";
import type { Severity } from "../review/finding.js";

type Level = "error" | "warning" | "notice";

const LEVELS: Readonly<Record<Severity, Level>> = { critical: "error", high: "error", medium: "warning", low: "notice" };
/** GitHub keeps at most 10 annotations of each level from one step and drops the rest silently. */
export const MAX_PER_LEVEL = 10;

/** Escapes a workflow command's message: one line, whatever the model wrote. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value additionally may not contain the separators `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Findings as annotations on their lines, for a run that could not post its review (a fork): the
 * pull request's Files tab then shows them. Worst first, at most 10 per level; returns the lines
 * to print and how many findings did not fit.
 */
export function buildFindingAnnotations(findings: readonly CliFinding[]): { lines: string[]; left: number } {
  const used: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  for (const item of findings) {
    const level = LEVELS[item.finding.severity];
    if (used[level] >= MAX_PER_LEVEL) continue;
    used[level] += 1;
    const f = item.finding;
    const props = [
      `file=${escapeProperty(item.path)}`,
      `line=${item.startLine}`,
      `endLine=${item.endLine}`,
      `title=${escapeProperty(`backend-review: ${f.check_id} (${f.severity})`)}`,
    ].join(",");
    lines.push(`::${level} ${props}::${escapeData(`${f.title}\n\n${f.explanation}\n\nFix: ${f.fix}`)}\n`);
  }
  return { lines, left: findings.length - lines.length };
}
