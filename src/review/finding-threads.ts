import { SEVERITIES, type Severity } from "./finding.js";
import { parseMarker } from "./markers.js";
import { readCommentTitle } from "./read-comment-title.js";

/** A review thread as GitHub's GraphQL API describes it (only what we read). */
export interface RawThread {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  /** The line the thread sits on now; null once its lines changed (an outdated thread). */
  line?: number | null | undefined;
  /** The first line of a multi-line thread; null for one line. */
  startLine?: number | null | undefined;
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
  /** Where the thread sits in the head now; absent when GitHub reports no line (outdated). */
  line?: number | undefined;
  startLine?: number | undefined;
  /** The finding's title, from the first line of the comment, as plain text. */
  title?: string | undefined;
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
      ...linesOf(thread),
      title: readCommentTitle(first.body),
    });
  }
  return found;
}

/** GitHub's current lines of the thread, when it reports them and they make a range. */
function linesOf(thread: RawThread): Pick<FindingThread, "line" | "startLine"> {
  const line = positive(thread.line);
  if (line === undefined) return {};
  const start = positive(thread.startLine);
  return { line, startLine: start !== undefined && start < line ? start : undefined };
}

function positive(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
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
