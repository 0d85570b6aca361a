import type { PullRequestFacts } from "../config/review-gate.js";
import type { PullRef } from "./github-port.js";

export type Reaction = "eyes" | "rocket" | "confused";

export interface PullRequestState {
  headSha: string;
  open: boolean;
  facts: Omit<PullRequestFacts, "trigger">;
}

export interface ReviewComment {
  id: number;
  body: string;
  byBot: boolean;
  path: string;
  line: number | null;
  /** The hunk GitHub shows above the comment, ending at its line. */
  diffHunk: string;
}

/** What commands do on GitHub besides reviewing: reactions, replies, permissions, threads. */
export interface CommandPort {
  getPullRequest(pr: PullRef): Promise<PullRequestState>;
  /** The user's role on the repository ("admin", "maintain", "write", "triage", "read", "none"). */
  getPermission(pr: PullRef, login: string): Promise<string>;
  react(pr: PullRef, target: { kind: "issue-comment" | "review-comment"; id: number }, content: Reaction): Promise<void>;
  replyInConversation(pr: PullRef, body: string): Promise<void>;
  replyInThread(pr: PullRef, commentId: number, body: string): Promise<void>;
  getReviewComment(pr: PullRef, commentId: number): Promise<ReviewComment>;
}
