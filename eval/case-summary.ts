/** One case's result as the JSON output and the case table show it. */
import type { TokenUsage } from "../src/review/model.js";
import type { Category } from "../src/review/finding.js";
import type { CaseResult } from "./evaluate.js";
import { isSafeTwin, lineRange } from "./corpus-schema.js";
import type { AnswerSource } from "./run-case.js";
import { scoreCase, type CaseScore } from "./score.js";

export interface FindingSummary {
  path: string;
  span: [number, number] | null;
  checkId: string;
  category: Category;
  confidence: number;
  /** strict: counted as found; lenient: right place, other check of the same category; none: a false positive. */
  match: "strict" | "lenient" | "none";
}

export interface CaseSummary {
  id: string;
  language: string;
  safe: boolean;
  status: "scored" | "not run";
  reason?: string | undefined;
  source?: AnswerSource | undefined;
  stale?: boolean | undefined;
  model?: string | undefined;
  expected: { path: string; lines: [number, number]; checkId: string; found: boolean; lineOff: number | null }[];
  findings: FindingSummary[];
  belowThreshold: number;
  usage?: TokenUsage | undefined;
}

export function summarizeCase(result: CaseResult, minConfidence: number): { summary: CaseSummary; score?: CaseScore } {
  const { evalCase } = result.loaded;
  const base = { id: evalCase.id, language: evalCase.language, safe: isSafeTwin(evalCase) };
  const { run } = result;
  if (run.status === "not run") {
    return { summary: { ...base, status: "not run", reason: run.reason, expected: [], findings: [], belowThreshold: 0 } };
  }
  const score = scoreCase(evalCase, run.findings, minConfidence);
  const strict = new Set(score.strict.map((pair) => pair.finding));
  const lenient = new Set(score.lenient.map((pair) => pair.finding));
  const expected = score.expected.map((e, i) => {
    const located = score.located.find((pair) => pair.expected === i);
    const off = located === undefined || !Number.isFinite(located.distance) ? null : located.distance;
    const found = score.strict.some((pair) => pair.expected === i);
    return { path: e.path, lines: lineRange(e), checkId: e.check_id, found, lineOff: off };
  });
  const findings = score.findings.map(
    (f, i): FindingSummary => ({
      path: f.path,
      span: f.span ?? null,
      checkId: f.checkId,
      category: f.category,
      confidence: f.confidence,
      match: strict.has(i) ? "strict" : lenient.has(i) ? "lenient" : "none",
    }),
  );
  const summary: CaseSummary = {
    ...base,
    status: "scored",
    source: run.source,
    stale: run.stale,
    model: run.model,
    expected,
    findings,
    belowThreshold: score.belowThreshold,
    usage: run.usage,
  };
  return { summary, score };
}
