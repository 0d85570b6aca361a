/** Everything one evaluation run measured: what the table prints and --json writes. */
import type { TokenUsage } from "../src/review/model.js";
import { summarizeCase, type CaseSummary } from "./case-summary.js";
import { totalCost, type CostTotal } from "./cost.js";
import type { CaseResult, Mode } from "./evaluate.js";
import { metricsByCategory, metricsByCheck, overallMetrics, safeTwinTally, type Metrics, type SafeTwinTally } from "./metrics.js";
import { scoreCase, type CaseScore } from "./score.js";

/** Thresholds the confidence lever is compared at, from the same answers: it costs no model call. */
export const CONFIDENCE_SWEEP = [0, 0.5, 0.7, 0.8, 0.9] as const;

export interface SweepRow {
  minConfidence: number;
  findings: number;
  recall: number | null;
  precision: number | null;
  safeTwinsFlagged: number;
}

export interface EvalSummary {
  mode: Mode;
  minConfidence: number;
  cases: { total: number; scored: number; notRun: number; handWritten: number; stale: number };
  overall: Metrics;
  byCategory: Record<string, Metrics>;
  byCheck: Record<string, Metrics>;
  safeTwins: SafeTwinTally;
  sweep: SweepRow[];
  usage: TokenUsage;
  cost: CostTotal;
  perCase: CaseSummary[];
}

export function summarize(results: readonly CaseResult[], mode: Mode, minConfidence: number): EvalSummary {
  const perCase: CaseSummary[] = [];
  const scores: CaseScore[] = [];
  for (const result of results) {
    const { summary, score } = summarizeCase(result, minConfidence);
    perCase.push(summary);
    if (score) scores.push(score);
  }
  const scored = results.flatMap((r) => (r.run.status === "scored" ? [r.run] : []));
  const { usage, cost } = totalCost(scored);
  return {
    mode,
    minConfidence,
    cases: {
      total: results.length,
      scored: scored.length,
      notRun: results.length - scored.length,
      handWritten: scored.filter((run) => run.source === "hand-written").length,
      stale: scored.filter((run) => run.stale).length,
    },
    overall: overallMetrics(scores),
    byCategory: metricsByCategory(scores),
    byCheck: metricsByCheck(scores),
    safeTwins: safeTwinTally(scores),
    sweep: sweep(results),
    usage,
    cost,
    perCase,
  };
}

function sweep(results: readonly CaseResult[]): SweepRow[] {
  return CONFIDENCE_SWEEP.map((minConfidence) => {
    const scores = results.flatMap(({ loaded, run }) => (run.status === "scored" ? [scoreCase(loaded.evalCase, run.findings, minConfidence)] : []));
    const overall = overallMetrics(scores);
    const safe = safeTwinTally(scores);
    return { minConfidence, findings: overall.findings, recall: overall.recall, precision: overall.precision, safeTwinsFlagged: safe.flagged };
  });
}
