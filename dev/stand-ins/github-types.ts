/** The shapes shared by the GitHub stand-in's routes. */
import type { ChangedFile } from "../../src/diff/types.js";

/** One pull request the stand-in knows about. */
export interface PullRequestScenario {
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
  files: ChangedFile[];
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string };
}

export interface IssueComment {
  id: number;
  /** `owner/repo#n` of the pull request it was posted on. */
  pull: string;
  body: string;
  user: { login: string; type: "Bot" };
}

export interface StoredReview {
  pull: string;
  id: number;
  body: string;
  commit_id: string;
  user: { login: string; type: "Bot" };
}

export interface StoredThread {
  id: string;
  pull: string;
  path: string;
  isResolved: boolean;
  comments: { databaseId: number; body: string; bot: boolean }[];
}

export interface GitHubState {
  pulls: Map<string, PullRequestScenario>;
  reviews: StoredReview[];
  threads: StoredThread[];
  checkRuns: Map<number, CheckRun>;
  comments: Map<number, IssueComment>;
  /** Tokens handed out by the access-token endpoint; the only ones other endpoints accept. */
  tokens: Set<string>;
  /** Default-branch files by `owner/repo:path` (lower-case owner and repo), served raw by the contents API. */
  files: Map<string, string>;
  nextId: number;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as `text/plain` instead of `body` as JSON: a file's raw contents. */
  text?: string;
}

export interface RouteInput {
  /** The route pattern's groups, URL-decoded; for repository routes `[owner, repo, …]`. */
  params: string[];
  query: URLSearchParams;
  body: unknown;
  /** `http://127.0.0.1:<port>/api/v3`, for the absolute URLs in Link headers. */
  baseUrl: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  handle(input: RouteInput): Reply;
}

export const NOT_FOUND: Readonly<Reply> = Object.freeze({ status: 404, body: { message: "Not Found" } });

export function unprocessable(errors: string[]): Reply {
  return { status: 422, body: { message: "Unprocessable Entity", errors } };
}

/** GitHub's owner and repository names are case-insensitive. */
export function pullKey(owner: string, repo: string, n: number | string): string {
  return `${owner}/${repo}#${n}`.toLowerCase();
}

/** One page of `items` for `listUrl`, with GitHub's `Link` header (absolute URLs; Octokit follows `next`). */
export function paginate(items: readonly unknown[], input: RouteInput, listUrl: string, defaultPerPage = 30): Reply {
  const perPage = Math.min(Math.max(Number(input.query.get("per_page")) || defaultPerPage, 1), 100);
  const page = Math.max(Number(input.query.get("page")) || 1, 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const url = (p: number) => `<${input.baseUrl}${listUrl}?per_page=${perPage}&page=${p}>`;
  const links: string[] = [];
  if (page > 1) links.push(`${url(page - 1)}; rel="prev"`, `${url(1)}; rel="first"`);
  if (page < lastPage) links.push(`${url(page + 1)}; rel="next"`, `${url(lastPage)}; rel="last"`);
  const body = items.slice((page - 1) * perPage, page * perPage);
  return { status: 200, body, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}
