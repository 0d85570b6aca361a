import type { CommandEvent } from "../github/run-command.js";
import type { PullRef, PullRequestRef } from "../github/github-port.js";
import type { Conclusion } from "../review/decide-conclusion.js";

/**
 * A notice as plain data (what to post where, never a client or a token), so a `web` replica can
 * leave it in Redis for a worker, which has installation clients anyway, to send.
 */
export type NoticeDescription = CheckNotice | ReplyNotice;

/** A completed check run on a head commit, e.g. "Not reviewed: …" when the queue was full. */
export interface CheckNotice {
  kind: "check";
  installationId: number;
  ref: PullRequestRef;
  conclusion: Conclusion;
  title: string;
  summary: string;
}

/** An answer where a command was typed: in the conversation, or in the review thread. */
export interface ReplyNotice {
  kind: "reply";
  installationId: number;
  pr: PullRef;
  source: CommandEvent["source"];
  body: string;
}

/**
 * One notice per head commit (a check) or per comment (a reply), however many deliveries or
 * replicas ask for it. Also the notice's BullMQ job id: no ":" (BullMQ refuses it in ids).
 */
export function noticeKeyOf(notice: NoticeDescription): string {
  if (notice.kind === "check") return `not-queued|${notice.ref.owner}/${notice.ref.repo}@${notice.ref.headSha}`;
  return `not-queued|${notice.pr.owner}/${notice.pr.repo}|${notice.source.kind}-${notice.source.id}`;
}

/** The fields every log line about the notice carries. */
export function noticeBindingsOf(notice: NoticeDescription): Record<string, string | number> {
  const pr = notice.kind === "check" ? notice.ref : notice.pr;
  return { notice: noticeKeyOf(notice), repo: `${pr.owner}/${pr.repo}`, pr: pr.pullNumber };
}

const CONCLUSIONS: readonly string[] = ["success", "neutral", "failure", "cancelled"] satisfies Conclusion[];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isPullRef = (value: unknown): value is PullRef =>
  isObject(value) && typeof value.owner === "string" && typeof value.repo === "string" && typeof value.pullNumber === "number";

/** Whether data read back from Redis is a notice this version can send (an older or newer App's may not be). */
export function isNoticeDescription(value: unknown): value is NoticeDescription {
  if (!isObject(value) || typeof value.installationId !== "number") return false;
  if (value.kind === "check") {
    return isPullRef(value.ref) && typeof (value.ref as { headSha?: unknown }).headSha === "string" && CONCLUSIONS.includes(String(value.conclusion)) && typeof value.title === "string" && typeof value.summary === "string";
  }
  if (value.kind === "reply") {
    const source = value.source;
    return (
      isPullRef(value.pr) &&
      typeof value.body === "string" &&
      isObject(source) &&
      typeof source.id === "number" &&
      (source.inReplyTo === undefined || typeof source.inReplyTo === "number") &&
      (source.kind === "issue-comment" || source.kind === "review-comment")
    );
  }
  return false;
}
