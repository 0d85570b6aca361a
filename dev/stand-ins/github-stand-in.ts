/**
 * A STAND-IN FOR GITHUB'S REST API, for local runs, demos, benchmarks and end-to-end tests. It is
 * not GitHub: it answers the handful of endpoints the App calls from an in-memory scenario, under
 * the `/api/v3` prefix that Probot uses for a GitHub Enterprise host, so a real App started with
 * `GHE_HOST=127.0.0.1:<port> GHE_PROTOCOL=http` talks to it over real HTTP.
 *
 * Every request is recorded; anything outside the modelled endpoints is answered 404 and marked
 * `unexpected`, so a test can tell "the App called something new" from "GitHub said not found".
 */
import type { IncomingHttpHeaders } from "node:http";
import { createRoutes } from "./github-routes.js";
import { pullKey, type CheckRun, type GitHubState, type IssueComment, type PullRequestScenario, type Reply } from "./github-types.js";
import { delay, listenLocal, readBody, RecordLog, sendJson } from "./http-kit.js";

export type { CheckRun, IssueComment, PullRequestScenario } from "./github-types.js";

const API_PREFIX = "/api/v3";
const GRAPHQL_PATH = "/api/graphql";

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query, e.g. `/repos/acme/api/check-runs`. */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  status: number;
  /** No modelled endpoint matched: answered 404. */
  unexpected: boolean;
  /** `Date.now()` when the request arrived, for timelines in benchmarks. */
  receivedAt: number;
}

export interface GitHubStandInOptions {
  /** Added before every answer, to imitate GitHub's response times in benchmarks. */
  latencyMs?: number;
  /** Tokens accepted without the exchange, like the GITHUB_TOKEN of an Actions job. */
  tokens?: readonly string[];
  /** Accepted for reads only; writes answer 403 as GitHub does for a fork's pull_request run. */
  readOnlyTokens?: readonly string[];
  /** Files on the repositories' default branches, by `owner/repo:path`, e.g. a `.github/backend-review.yml`. */
  files?: Readonly<Record<string, string>>;
}

export interface GitHubStandIn {
  port: number;
  /** What Probot's `baseUrl` must be: `http://127.0.0.1:<port>/api/v3`. */
  baseUrl: string;
  /** The value for the App's GHE_HOST variable. */
  gheHost: string;
  requests: readonly RecordedRequest[];
  unexpected(): RecordedRequest[];
  checkRuns: ReadonlyMap<number, CheckRun>;
  /** Comments on the pull requests' conversations, as last edited. */
  comments: ReadonlyMap<number, IssueComment>;
  /** Resolves with the first recorded request from `fromIndex` on that matches. */
  waitFor(predicate: (request: RecordedRequest) => boolean, timeoutMs: number, fromIndex?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export async function startGitHubStandIn(
  scenarios: PullRequestScenario | readonly PullRequestScenario[],
  options: GitHubStandInOptions = {},
): Promise<GitHubStandIn> {
  const state: GitHubState = { pulls: new Map(), reviews: [], threads: [], checkRuns: new Map(), comments: new Map(), tokens: new Set(), files: new Map(), nextId: 1 };
  for (const [key, text] of Object.entries(options.files ?? {})) state.files.set(key.replace(/^[^:]*/, (repo) => repo.toLowerCase()), text);
  for (const pull of [scenarios].flat()) state.pulls.set(pullKey(pull.owner, pull.repo, pull.pullNumber), pull);
  for (const token of [...(options.tokens ?? []), ...(options.readOnlyTokens ?? [])]) state.tokens.add(token);
  const readOnly = new Set(options.readOnlyTokens);
  const routes = createRoutes(state);
  const log = new RecordLog<RecordedRequest>();
  let baseUrl = "";

  const server = await listenLocal(async (req, res) => {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? "/", "http://stand-in");
    const { json } = await readBody(req);
    const method = req.method ?? "GET";
    // Octokit sends GraphQL for a GitHub Enterprise base URL to /api/graphql, beside /api/v3.
    const api = url.pathname.startsWith(`${API_PREFIX}/`) || url.pathname === GRAPHQL_PATH;
    const path = url.pathname === GRAPHQL_PATH ? "/graphql" : url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const route = api ? routes.find((r) => r.method === method && r.pattern.test(path)) : undefined;
    let reply: Reply;
    if (!route) {
      reply = { status: 404, body: { message: `Not Found (the GitHub stand-in has no route for ${method} ${url.pathname})` } };
    } else {
      const params = (route.pattern.exec(path) ?? []).slice(1).map((p) => decodeURIComponent(p));
      reply =
        authProblem(state, req.headers, path) ??
        writeRefused(readOnly, req.headers, method, json) ??
        route.handle({ params, query: url.searchParams, body: json, baseUrl });
    }
    await delay(options.latencyMs ?? 0);
    log.add({ method, path, query: Object.fromEntries(url.searchParams), body: json, status: reply.status, unexpected: !route, receivedAt });
    if (reply.text === undefined) return sendJson(res, reply.status, reply.body, reply.headers);
    res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(reply.text), ...reply.headers });
    res.end(reply.text);
  });
  baseUrl = `http://127.0.0.1:${server.port}${API_PREFIX}`;

  return {
    port: server.port,
    baseUrl,
    gheHost: `127.0.0.1:${server.port}`,
    requests: log.entries,
    unexpected: () => log.entries.filter((r) => r.unexpected),
    checkRuns: state.checkRuns,
    comments: state.comments,
    waitFor: (predicate, timeoutMs, fromIndex) => log.waitFor(predicate, timeoutMs, fromIndex),
    close: () => server.close(),
  };
}

/**
 * The token exchange must be signed with the App's JWT, everything else must use a token the
 * exchange handed out: a wiring mistake (wrong client, unauthenticated Octokit) shows up as a 401.
 */
function authProblem(state: GitHubState, headers: IncomingHttpHeaders, path: string): Reply | undefined {
  const [scheme = "", credential = ""] = (headers.authorization ?? "").split(" ");
  if (scheme === "") return { status: 401, body: { message: "Requires authentication" } };
  const isTokenExchange = path.startsWith("/app/installations/");
  const ok = isTokenExchange
    ? scheme.toLowerCase() === "bearer" && credential.split(".").length === 3
    : scheme.toLowerCase() === "token" && state.tokens.has(credential);
  return ok ? undefined : { status: 401, body: { message: "Bad credentials" } };
}

/** GitHub's answer to a write with a read-only token (a GraphQL query is a read, a mutation a write). */
function writeRefused(readOnly: ReadonlySet<string>, headers: IncomingHttpHeaders, method: string, body: unknown): Reply | undefined {
  const credential = (headers.authorization ?? "").split(" ")[1] ?? "";
  if (!readOnly.has(credential) || method === "GET") return undefined;
  const query = typeof body === "object" && body !== null && "query" in body ? String(body.query) : "";
  if (method === "POST" && query !== "" && !/^\s*mutation\b/.test(query)) return undefined;
  return { status: 403, body: { message: "Resource not accessible by integration" } };
}

/**
 * The App's last word on a commit: a check run PATCHed to `completed` after a review, or one
 * created already completed (review skipped, configuration invalid, job failed before it began).
 */
export function isCheckRunCompletion(request: RecordedRequest): boolean {
  const body = request.body as { status?: unknown; conclusion?: unknown } | undefined;
  const completes = body?.status === "completed" || body?.conclusion !== undefined;
  const isUpdate = request.method === "PATCH" && /\/check-runs\/\d+$/.test(request.path);
  const isCreate = request.method === "POST" && /\/check-runs$/.test(request.path);
  return completes && (isUpdate || isCreate) && request.status < 300;
}
