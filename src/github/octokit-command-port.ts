import type { Octokit } from "@octokit/rest";
import type { CommandPort, PullRequestState, ReviewComment } from "./command-port.js";
import type { PullRef } from "./github-port.js";
import { statusOf } from "./octokit-port.js";

export type CommandOctokit = Pick<Octokit, "rest" | "graphql">;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: { id: string; isResolved: boolean; comments: { nodes: { id: string }[] } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } | null;
  } | null;
}

const THREADS_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes { id isResolved comments(first: 1) { nodes { id } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

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
        nodeId: data.node_id,
        body: data.body,
        byBot: data.user?.type === "Bot",
        path: data.path,
        line: data.line ?? null,
        diffHunk: data.diff_hunk,
      };
    },

    async resolveThread(pr, commentNodeId): Promise<boolean> {
      let after: string | null = null;
      for (let page = 0; page < 30; page++) {
        const result: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS_QUERY, { owner: pr.owner, repo: pr.repo, number: pr.pullNumber, after });
        const threads = result.repository?.pullRequest?.reviewThreads;
        if (!threads) return false;
        const thread = threads.nodes.find((t) => t.comments.nodes[0]?.id === commentNodeId);
        if (thread) {
          if (!thread.isResolved) {
            await octokit.graphql(`mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id } } }`, { id: thread.id });
          }
          return true;
        }
        if (!threads.pageInfo.hasNextPage) return false;
        after = threads.pageInfo.endCursor;
      }
      return false;
    },
  };
}
