/** Adds case scores up into recall, precision and line accuracy, overall and by group. */
import { CATEGORIES } from "../src/review/finding.js";
import type { ExpectedFinding } from "./corpus-schema.js";
import type { ReportedFinding } from "./run-case.js";
import { NEAR_LINES, type CaseScore, type Pair } from "./score.js";

interface Tally {
  expected: number;
  findings: number;
  /** Matches counted on the expected side (recall) and on the finding side (precision): in a group they differ. */
  strictFound: number;
  strictRight: number;
  lenientFound: number;
  lenientRight: number;
  located: number;
  exact: number;
  near: number;
}

export interface Metrics {
  expected: number;
  findings: number;
  /** null when there is nothing to divide by: "no data" is not 0%. */
  recall: number | null;
  precision: number | null;
  lenientRecall: number | null;
  lenientPrecision: number | null;
  /** Findings with the expected path and check_id, at any line: the ones whose line is judged. */
  located: number;
  /** Of those, the share on the expected line(s), and within NEAR_LINES of them. */
  exactLine: number | null;
  nearLine: number | null;
}

export interface SafeTwinTally {
  scored: number;
  /** Safe twins with at least one finding. */
  flagged: number;
  findings: number;
}

type Keys = { expected: (e: ExpectedFinding) => string; finding: (f: ReportedFinding) => string };

function emptyTally(): Tally {
  return { expected: 0, findings: 0, strictFound: 0, strictRight: 0, lenientFound: 0, lenientRight: 0, located: 0, exact: 0, near: 0 };
}

function tallyBy(scores: readonly CaseScore[], keys: Keys): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  const at = (key: string): Tally => {
    const existing = tallies.get(key);
    if (existing) return existing;
    const created = emptyTally();
    tallies.set(key, created);
    return created;
  };
  for (const score of scores) {
    const eKey = (pair: Pair) => keys.expected(score.expected[pair.expected] ?? missing());
    const fKey = (pair: Pair) => keys.finding(score.findings[pair.finding] ?? missing());
    score.expected.forEach((e) => (at(keys.expected(e)).expected += 1));
    score.findings.forEach((f) => (at(keys.finding(f)).findings += 1));
    for (const pair of score.strict) {
      at(eKey(pair)).strictFound += 1;
      at(fKey(pair)).strictRight += 1;
    }
    for (const pair of score.lenient) {
      at(eKey(pair)).lenientFound += 1;
      at(fKey(pair)).lenientRight += 1;
    }
    for (const pair of score.located) {
      const tally = at(eKey(pair));
      tally.located += 1;
      if (pair.distance === 0) tally.exact += 1;
      if (pair.distance <= NEAR_LINES) tally.near += 1;
    }
  }
  return tallies;
}

function missing(): never {
  throw new Error("a pair points outside its case's findings");
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function metricsOf(t: Tally): Metrics {
  return {
    expected: t.expected,
    findings: t.findings,
    recall: ratio(t.strictFound, t.expected),
    precision: ratio(t.strictRight, t.findings),
    lenientRecall: ratio(t.lenientFound, t.expected),
    lenientPrecision: ratio(t.lenientRight, t.findings),
    located: t.located,
    exactLine: ratio(t.exact, t.located),
    nearLine: ratio(t.near, t.located),
  };
}

export function overallMetrics(scores: readonly CaseScore[]): Metrics {
  return metricsOf(tallyBy(scores, { expected: () => "all", finding: () => "all" }).get("all") ?? emptyTally());
}

/** Every category, even one without data, so tables keep the same rows from run to run. */
export function metricsByCategory(scores: readonly CaseScore[]): Record<string, Metrics> {
  const tallies = tallyBy(scores, { expected: (e) => e.category, finding: (f) => f.category });
  return Object.fromEntries(CATEGORIES.map((category) => [category, metricsOf(tallies.get(category) ?? emptyTally())]));
}

export function metricsByCheck(scores: readonly CaseScore[]): Record<string, Metrics> {
  const tallies = tallyBy(scores, { expected: (e) => e.check_id, finding: (f) => f.checkId });
  return Object.fromEntries([...tallies.keys()].sort().map((id) => [id, metricsOf(tallies.get(id) ?? emptyTally())]));
}

export function safeTwinTally(scores: readonly CaseScore[]): SafeTwinTally {
  const safe = scores.filter((score) => score.safe);
  return {
    scored: safe.length,
    flagged: safe.filter((score) => score.findings.length > 0).length,
    findings: safe.reduce((sum, score) => sum + score.findings.length, 0),
  };
}
