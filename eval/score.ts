/**
 * Matches one case's findings to what the case expects. A finding matches an expected defect when
 * the path agrees, the check agrees (strict: same check_id; lenient: same check_id or category)
 * and its anchored lines are within NEAR_LINES of the expected range. Matching is one to one.
 */
import { expectedOf, isSafeTwin, lineRange, type EvalCase, type ExpectedFinding } from "./corpus-schema.js";
import type { ReportedFinding } from "./run-case.js";

/** Models drift by a line or two; further off, a reader looks at the wrong code. */
export const NEAR_LINES = 3;

export interface Pair {
  expected: number;
  finding: number;
  /** Lines between the finding's span and the expected range: 0 when they overlap. */
  distance: number;
}

export interface CaseScore {
  id: string;
  safe: boolean;
  expected: ExpectedFinding[];
  /** The findings scored: those at or above the confidence threshold. */
  findings: ReportedFinding[];
  /** Findings dropped by the confidence threshold. */
  belowThreshold: number;
  strict: Pair[];
  lenient: Pair[];
  /**
   * Same path and check_id at any distance: the findings whose line is judged. They tell "found
   * it but pointed at the wrong line" apart from "did not find it".
   */
  located: Pair[];
}

export function lineDistance(span: readonly [number, number] | undefined, range: readonly [number, number]): number {
  if (span === undefined) return Number.POSITIVE_INFINITY;
  if (span[1] < range[0]) return range[0] - span[1];
  if (span[0] > range[1]) return span[0] - range[1];
  return 0;
}

type Agrees = (expected: ExpectedFinding, finding: ReportedFinding) => boolean;

const sameCheck: Agrees = (e, f) => e.path === f.path && e.check_id === f.checkId;
const sameCheckOrCategory: Agrees = (e, f) => e.path === f.path && (e.check_id === f.checkId || e.category === f.category);

/** Nearest pairs first, so when two findings compete for one defect the better-placed one wins. */
export function pairUp(
  expected: readonly ExpectedFinding[],
  findings: readonly ReportedFinding[],
  agrees: Agrees,
  maxDistance: number,
): Pair[] {
  const candidates: Pair[] = [];
  expected.forEach((e, ei) =>
    findings.forEach((f, fi) => {
      const distance = lineDistance(f.span, lineRange(e));
      if (agrees(e, f) && distance <= maxDistance) candidates.push({ expected: ei, finding: fi, distance });
    }),
  );
  candidates.sort((a, b) => compare(a.distance, b.distance) || a.expected - b.expected || a.finding - b.finding);
  const usedExpected = new Set<number>();
  const usedFindings = new Set<number>();
  return candidates.filter((pair) => {
    if (usedExpected.has(pair.expected) || usedFindings.has(pair.finding)) return false;
    usedExpected.add(pair.expected);
    usedFindings.add(pair.finding);
    return true;
  });
}

// Infinity - Infinity is NaN, which would break the sort.
function compare(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

export function scoreCase(evalCase: EvalCase, reported: readonly ReportedFinding[], minConfidence: number): CaseScore {
  const findings = reported.filter((f) => f.confidence >= minConfidence);
  const expected = expectedOf(evalCase);
  return {
    id: evalCase.id,
    safe: isSafeTwin(evalCase),
    expected,
    findings,
    belowThreshold: reported.length - findings.length,
    strict: pairUp(expected, findings, sameCheck, NEAR_LINES),
    lenient: pairUp(expected, findings, sameCheckOrCategory, NEAR_LINES),
    located: pairUp(expected, findings, sameCheck, Number.POSITIVE_INFINITY),
  };
}
