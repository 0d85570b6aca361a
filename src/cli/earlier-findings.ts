import { SEVERITY_RANK, type Severity } from "../review/finding.js";
import type { FindingThread } from "../review/finding-threads.js";
import type { CliFinding } from "./cli-findings.js";

/** One of the bot's earlier findings on a pull request that still stands, as code scanning needs it. */
export interface EarlierFinding {
  fingerprint: string;
  checkId: string;
  severity?: Severity | undefined;
  path: string;
  startLine: number;
  endLine: number;
  /** On the thread's current line; otherwise GitHub reports none (outdated) and the file's first line stands in. */
  onLine: boolean;
  title?: string | undefined;
}

/**
 * Code scanning takes each upload as the whole analysis of the head, so an upload must hold every
 * finding still standing, not only the ones this review raised. Pass the threads not found fixed
 * by this review; resolved and dismissed ones are left out here, and a finding this review raised
 * again is its own result already (same fingerprint), so it is not repeated.
 */
export function selectEarlierFindings(threads: readonly FindingThread[], raised: readonly CliFinding[]): EarlierFinding[] {
  const seen = new Set(raised.map((f) => f.fingerprint));
  const earlier: EarlierFinding[] = [];
  for (const t of threads) {
    if (t.isResolved || t.dismissed || !t.checkId || seen.has(t.fingerprint)) continue;
    seen.add(t.fingerprint);
    const line = t.line;
    earlier.push({
      fingerprint: t.fingerprint,
      checkId: t.checkId,
      severity: t.severity,
      path: t.path,
      startLine: line === undefined ? 1 : (t.startLine ?? line),
      endLine: line ?? 1,
      onLine: line !== undefined,
      title: t.title,
    });
  }
  const rank = (e: EarlierFinding) => (e.severity ? SEVERITY_RANK[e.severity] : 0);
  return earlier.sort((a, b) => rank(b) - rank(a) || a.path.localeCompare(b.path) || a.startLine - b.startLine);
}
