import type { Context, Probot } from "probot";
import type { AppDeps } from "../../app-deps.js";
import { parseCommand } from "../../commands/parse-command.js";
import type { CommandEvent } from "../run-command.js";

type CommentContext = Context<"issue_comment.created" | "pull_request_review_comment.created">;

/**
 * `/review …` in the PR conversation or in a review thread. Only new comments count (an edit
 * never re-runs a command) and bots are ignored, which also stops the bot answering itself.
 */
export function registerCommentCommands(app: Probot, deps: AppDeps, appSlug: () => Promise<string>): void {
  app.on(["issue_comment.created", "pull_request_review_comment.created"], async (context: CommentContext) => {
    const { payload } = context;
    if (payload.comment.user?.type === "Bot") return;
    const pullNumber = "issue" in payload ? (payload.issue.pull_request ? payload.issue.number : undefined) : payload.pull_request.number;
    if (pullNumber === undefined) return;
    const slug = payload.comment.body.includes("@") ? await appSlug() : "backend-review";
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
    await deps.queue.enqueue({ kind: "command", event, appSlug: slug }, log);
  });
}
