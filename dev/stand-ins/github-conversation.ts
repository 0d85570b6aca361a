/**
 * The pull request's conversation: the App posts notices there and finds its own again by the
 * hidden marker in their body, so comments are listed back as written by a bot.
 */
import { NOT_FOUND, paginate, pullKey, unprocessable, type GitHubState, type IssueComment, type Reply, type RouteInput } from "./github-types.js";

const BOT = { login: "backend-review[bot]", type: "Bot" } as const;

export function listComments(state: GitHubState, input: RouteInput): Reply {
  const [owner = "", repo = "", n = ""] = input.params;
  const key = pullKey(owner, repo, n);
  if (!state.pulls.has(key)) return NOT_FOUND;
  const comments = [...state.comments.values()].filter((c) => c.pull === key);
  return paginate(comments, input, `/repos/${owner}/${repo}/issues/${n}/comments`);
}

export function postComment(state: GitHubState, { params, body }: RouteInput, newId: () => number): Reply {
  const [owner = "", repo = "", n = ""] = params;
  const pull = pullKey(owner, repo, n);
  if (!state.pulls.has(pull)) return NOT_FOUND;
  const text = textOf(body);
  if (text === undefined) return unprocessable(["body is required"]);
  const comment: IssueComment = { id: newId(), pull, body: text, user: { ...BOT } };
  state.comments.set(comment.id, comment);
  return { status: 201, body: comment };
}

export function editComment(state: GitHubState, { params, body }: RouteInput): Reply {
  const comment = state.comments.get(Number(params[2]));
  if (!comment) return NOT_FOUND;
  const text = textOf(body);
  if (text === undefined) return unprocessable(["body is required"]);
  comment.body = text;
  return { status: 200, body: comment };
}

function textOf(body: unknown): string | undefined {
  const text = (body as { body?: unknown } | undefined)?.body;
  return typeof text === "string" && text !== "" ? text : undefined;
}
