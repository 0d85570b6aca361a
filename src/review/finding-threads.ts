import { SEVERITIES, type Severity } from "./finding.js";
import { parseMarker } from "./markers.js";

/** A review thread as GitHub's GraphQL API describes it (only what we read). */
export interface RawThread {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  comments: { databaseId: number; body: string; byBot: boolean }[];
}

/** One of the bot's earlier findings and what has happened to it since. */
export interface FindingThread {
  threadId: string;
  /** The finding comment's id, for replies. */
  commentId: number;
  path: string;
  fingerprint: string;
  checkId: string;
  severity?: Severity | undefined;
  isResolved: boolean;
  /** GitHub marks a thread outdated when the lines it sits on changed. */
  isOutdated: boolean;
  /** Someone dismissed it with `/review ignore`: never raise it again. */
  dismissed: boolean;
  /** A person has replied: a conversation is going on. */
  humanReplied: boolean;
}

/**
 * Picks the threads that start with one of the bot's finding comments. Markers are trusted only
 * in comments written by a bot, so nobody can dismiss a finding by typing a marker.
 */
export function readFindingThreads(threads: readonly RawThread[]): FindingThread[] {
  const found: FindingThread[] = [];
  for (const thread of threads) {
    const [first, ...replies] = thread.comments;
    const marker = first?.byBot ? parseMarker(first.body) : undefined;
    const fingerprint = marker?.kind === "finding" ? marker.fields.fp : undefined;
    if (!first || !fingerprint) continue;
    const sev = marker?.fields.sev;
    found.push({
      threadId: thread.id,
      commentId: first.databaseId,
      path: thread.path,
      fingerprint,
      checkId: marker?.fields.check ?? "",
      severity: SEVERITIES.find((s) => s === sev),
      isResolved: thread.isResolved,
      isOutdated: thread.isOutdated,
      dismissed: replies.some((r) => r.byBot && parseMarker(r.body)?.kind === "dismissed" && parseMarker(r.body)?.fields.fp === fingerprint),
      humanReplied: replies.some((r) => !r.byBot),
    });
  }
  return found;
}

/** Findings the review must not post again: every one the bot already raised on this PR. */
export function knownFingerprints(threads: readonly FindingThread[]): Set<string> {
  return new Set(threads.map((t) => t.fingerprint));
}

/**
 * Severities of earlier findings still standing: open and not dismissed. Pass only the threads
 * whose code is still there (see findFixedThreads): an outdated thread may still flag live code.
 */
export function openSeverities(threads: readonly FindingThread[]): Severity[] {
  return threads.flatMap((t) => (!t.isResolved && !t.dismissed && t.severity ? [t.severity] : []));
}
