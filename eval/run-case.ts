/** One case through the real core (reviewChanges), exactly as a pull request would go. */
import type { ChangedFile } from "../src/diff/types.js";
import type { AgentDefinition } from "../src/review/agent.js";
import type { Category, Severity } from "../src/review/finding.js";
import { silentLogger } from "../src/review/logger.js";
import type { ReviewModel, TokenUsage } from "../src/review/model.js";
import { reviewChanges } from "../src/review/review-changes.js";
import type { ReviewReport } from "../src/review/review-report.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../src/review/review-settings.js";

export interface ReportedFinding {
  path: string;
  /** First and last line the core anchored it on; undefined when it could not be placed on a line. */
  span?: [number, number] | undefined;
  checkId: string;
  category: Category;
  severity: Severity;
  confidence: number;
  title: string;
}

/** Where a scored case's answers came from. */
export type AnswerSource = "live" | "recorded" | "hand-written";

export type CaseRun =
  | {
      status: "scored";
      findings: ReportedFinding[];
      usage: TokenUsage;
      model: string;
      source: AnswerSource;
      /** Replayed from a cassette made for a different prompt: see ReplayModel.isStale. */
      stale: boolean;
    }
  | { status: "not run"; reason: string };

/**
 * The App's defaults, one model call at a time so a replay serves a case's calls in the order they
 * were recorded. Every severity and category is kept: the harness measures, it does not filter.
 */
export function evalSettings(model: string, verify = false): ReviewSettings {
  return { ...DEFAULT_REVIEW_SETTINGS, model, concurrency: 1, verify };
}

export function reviewCase(
  caseId: string,
  files: readonly ChangedFile[],
  deps: { model: ReviewModel; agent: AgentDefinition; settings: ReviewSettings },
): Promise<ReviewReport> {
  return reviewChanges({ target: `eval case ${caseId}`, headSha: "0".repeat(40), files }, { ...deps, log: silentLogger });
}

/** Every finding the report would show a reader: inline, over the comment cap, and file-level. */
export function findingsOf(report: ReviewReport): ReportedFinding[] {
  const describe = (finding: ReviewReport["fileLevel"][number]["finding"]) => ({
    checkId: finding.check_id,
    category: finding.category,
    severity: finding.severity,
    confidence: finding.confidence,
    title: finding.title,
  });
  const placed = [...report.inline, ...report.overflow].map(
    (item): ReportedFinding => ({ path: item.path, span: [item.startLine ?? item.line, item.line], ...describe(item.finding) }),
  );
  const unplaced = report.fileLevel.map((item): ReportedFinding => ({ path: item.path, ...describe(item.finding) }));
  return [...placed, ...unplaced];
}

/** A review that lost a model call is not scored: its silence would read as the model's. */
export function failureOf(report: ReviewReport): string | undefined {
  if (report.failures.length > 0) return `model call failed: ${report.failures.map((f) => f.reason).join("; ")}`;
  if (report.calls === 0) return "the core reviewed none of the case's files";
  return undefined;
}
