import type { Context, Probot } from "probot";
import type { AppDeps } from "../../app-deps.js";
import { parseCommand } from "../../commands/parse-command.js";
import { postNotice } from "../../jobs/post-notice.js";
import type { CommandEvent } from "../run-command.js";

type CommentContext = Context<"issue_comment.created" | "pull_request_review_comment.created">;

/** The App's slug, for `@slug review`: looked up from GitHub once, never inside a webhook answer. */
export interface AppSlug {
  /** The slug once known (given, or looked up), else undefined. */
  known(): string | undefined;
  /** Looks it up (once; again after a failure); never rejects. */
  resolve(): Promise<string>;
}

const DEFAULT_SLUG = "backend-review";
const NOT_QUEUED_REPLY = "**backend-review:** not run: the App has too many reviews waiting. Comment the command again in a few minutes.";

/**
 * `/review …` in the PR conversation or in a review thread. Only new comments count (an edit
 * never re-runs a command) and bots are ignored, which also stops the bot answering itself.
 */
export function registerCommentCommands(app: Probot, deps: AppDeps, appSlug: AppSlug): void {
  app.on(["issue_comment.created", "pull_request_review_comment.created"], async (context: CommentContext) => {
    const { payload } = context;
    if (payload.comment.user?.type === "Bot") return;
    const pullNumber = "issue" in payload ? (payload.issue.pull_request ? payload.issue.number : undefined) : payload.pull_request.number;
    if (pullNumber === undefined) return;
    const slug = payload.comment.body.includes("@") ? appSlug.known() : DEFAULT_SLUG;
    if (slug !== undefined) return queueCommand(app, context, deps, pullNumber, slug);
    // The first mention this process sees: the slug is looked up (once) and the comment parsed after the answer.
    deps.notices.post(`mention|${context.id}`, async () => queueCommand(app, context, deps, pullNumber, await appSlug.resolve()), context.log);
  });
}

async function queueCommand(app: Probot, context: CommentContext, deps: AppDeps, pullNumber: number, slug: string): Promise<void> {
  const { payload } = context;
  const command = parseCommand(payload.comment.body, slug);
  if (!command) return;
  const { owner, repo } = context.repo();
  const log = context.log.child({ repo: `${owner}/${repo}`, pr: pullNumber, command: command.name });
  const event: CommandEvent = {
    pr: { owner, repo, pullNumber },
    installationId: payload.installation?.id ?? 0,
    commenter: payload.comment.user?.login ?? "",
    source:
      "issue" in payload
        ? { kind: "issue-comment", id: payload.comment.id }
        : { kind: "review-comment", id: payload.comment.id, inReplyTo: payload.comment.in_reply_to_id },
    command,
  };
  if ((await deps.queue.enqueue({ kind: "command", event, appSlug: slug }, log)) !== "full") return;
  // Answered where the command was typed, after the webhook's answer, once per comment.
  await postNotice(deps, (id) => app.auth(id), { kind: "reply", installationId: event.installationId, pr: event.pr, source: event.source, body: NOT_QUEUED_REPLY }, log);
}
