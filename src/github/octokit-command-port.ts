import type { Octokit } from "@octokit/rest";
import type { CommandPort, PullRequestState, ReviewComment } from "./command-port.js";
import type { PullRef } from "./github-port.js";
import { statusOf } from "./octokit-port.js";

export type CommandOctokit = Pick<Octokit, "rest">;

export function createOctokitCommandPort(octokit: CommandOctokit): CommandPort {
  return {
    async getPullRequest(pr: PullRef): Promise<PullRequestState> {
      const { data } = await octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.pullNumber });
      return {
        headSha: data.head.sha,
        open: data.state === "open",
        facts: {
          draft: data.draft ?? false,
          author: data.user?.login ?? "",
          labels: data.labels.map((l) => l.name),
          title: data.title,
        },
      };
    },

    async getPermission(pr: PullRef, login: string): Promise<string> {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: pr.owner, repo: pr.repo, username: login });
        return data.permission;
      } catch (error) {
        // GitHub answers 404 for someone who is not a collaborator at all.
        if (statusOf(error) === 404) return "none";
        throw error;
      }
    },

    async react(pr, target, content) {
      if (target.kind === "issue-comment") {
        await octokit.rest.reactions.createForIssueComment({ owner: pr.owner, repo: pr.repo, comment_id: target.id, content });
      } else {
        await octokit.rest.reactions.createForPullRequestReviewComment({ owner: pr.owner, repo: pr.repo, comment_id: target.id, content });
      }
    },

    async replyInConversation(pr, body) {
      await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.pullNumber, body });
    },

    async replyInThread(pr, commentId, body) {
      await octokit.rest.pulls.createReplyForReviewComment({ owner: pr.owner, repo: pr.repo, pull_number: pr.pullNumber, comment_id: commentId, body });
    },

    async getReviewComment(pr, commentId): Promise<ReviewComment> {
      const { data } = await octokit.rest.pulls.getReviewComment({ owner: pr.owner, repo: pr.repo, comment_id: commentId });
      return {
        id: data.id,
        body: data.body,
        byBot: data.user?.type === "Bot",
        path: data.path,
        line: data.line ?? null,
        diffHunk: data.diff_hunk,
      };
    },
  };
}
