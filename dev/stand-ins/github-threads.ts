/**
 * The pull request's reviews and review threads, as far as the App reads them back: its earlier
 * reviews (for their markers), and the threads of its inline comments through GraphQL (with
 * replies and resolution). Not GitHub: threads never become outdated here.
 */
import { NOT_FOUND, paginate, pullKey, type GitHubState, type Reply, type RouteInput } from "./github-types.js";

const BOT = { login: "backend-review[bot]", type: "Bot" } as const;

export function recordReview(state: GitHubState, pull: string, review: { id: number; body: string; commit_id: string }, comments: { path: string; body: string }[], newId: () => number): void {
  state.reviews.push({ pull, ...review, user: BOT });
  for (const comment of comments) {
    const id = newId();
    state.threads.push({ id: `PRRT_${id}`, pull, path: comment.path, isResolved: false, comments: [{ databaseId: id, body: comment.body, bot: true }] });
  }
}

export function listReviews(state: GitHubState, input: RouteInput): Reply {
  const [owner = "", repo = "", n = ""] = input.params;
  const key = pullKey(owner, repo, n);
  if (!state.pulls.has(key)) return NOT_FOUND;
  return paginate(state.reviews.filter((r) => r.pull === key), input, `/repos/${owner}/${repo}/pulls/${n}/reviews`);
}

export function replyInThread(state: GitHubState, { params, body }: RouteInput, newId: () => number): Reply {
  const thread = state.threads.find((t) => t.comments[0]?.databaseId === Number(params[3]));
  if (!thread) return NOT_FOUND;
  const id = newId();
  thread.comments.push({ databaseId: id, body: String((body as { body?: unknown } | undefined)?.body ?? ""), bot: true });
  return { status: 201, body: { id, body: thread.comments.at(-1)?.body, user: BOT } };
}

/** The App's GraphQL operations about threads: its history read (or a page of threads), resolving one. */
export function answerGraphql(state: GitHubState, body: unknown): Reply {
  const { query = "", variables = {} } = (body ?? {}) as { query?: string; variables?: Record<string, unknown> };
  if (query.includes("resolveReviewThread")) {
    const thread = state.threads.find((t) => t.id === variables.id);
    if (thread) thread.isResolved = true;
    return { status: 200, body: { data: { resolveReviewThread: { thread: thread ? { id: thread.id } : null } } } };
  }
  if (query.includes("reviewThreads")) {
    const key = pullKey(String(variables.owner), String(variables.repo), String(variables.number));
    const threads = state.threads
      .filter((t) => t.pull === key)
      .map((t) => ({
        id: t.id,
        isResolved: t.isResolved,
        isOutdated: false,
        path: t.path,
        comments: { nodes: t.comments.map((c) => ({ id: `PRRC_${c.databaseId}`, databaseId: c.databaseId, body: c.body, author: { __typename: c.bot ? "Bot" : "User" } })) },
      }));
    const reviewThreads = { nodes: threads, pageInfo: { hasNextPage: false, endCursor: null } };
    // The App's history read asks for the bot's reviews and comments too (and configuration files,
    // left out here: the App then reads those through the contents API).
    if (!query.includes("org: repository(")) return { status: 200, body: { data: { repository: { pullRequest: { reviewThreads } } } } };
    const bot = { __typename: "Bot" };
    const reviews = state.reviews.filter((r) => r.pull === key).map((r) => ({ body: r.body, author: bot }));
    const comments = [...state.comments.values()].filter((c) => c.pull === key).map((c) => ({ databaseId: c.id, body: c.body, author: bot }));
    const pullRequest = {
      reviews: { nodes: reviews, pageInfo: { hasNextPage: false, endCursor: null } },
      comments: { nodes: comments, pageInfo: { hasPreviousPage: false, startCursor: null } },
      reviewThreads,
    };
    return { status: 200, body: { data: { repository: { pullRequest } } } };
  }
  // The files' text at the head (context around hunks): the stand-in keeps no file contents at a
  // commit, so every path is "not found" and the App reviews the hunks alone.
  if (query.includes("object(expression:")) {
    const repository = Object.fromEntries(Object.keys(variables).filter((k) => /^e\d+$/.test(k)).map((k) => [`f${k.slice(1)}`, null]));
    return { status: 200, body: { data: { repository } } };
  }
  return { status: 200, body: { errors: [{ message: "the GitHub stand-in does not know this GraphQL operation" }] } };
}
