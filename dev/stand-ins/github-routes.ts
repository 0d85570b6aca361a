/**
 * The REST endpoints the App calls, answered from an in-memory scenario with GitHub's status
 * codes and the fields the App reads. Not GitHub: only what the review job needs is modelled.
 */
import { createHash, randomBytes } from "node:crypto";
import { editComment, listComments, postComment } from "./github-conversation.js";
import { answerGraphql, listReviews, recordReview, replyInThread } from "./github-threads.js";
import { NOT_FOUND, paginate, pullKey, unprocessable, type CheckRun, type GitHubState, type PullRequestScenario, type Reply, type Route, type RouteInput } from "./github-types.js";
import { validateReview } from "./review-validation.js";

/** GitHub never lists more than this many files of a pull request. */
const MAX_LISTED_FILES = 3000;
const REPO = "^/repos/([^/]+)/([^/]+)";
const route = (method: string, path: string, handle: Route["handle"]): Route => ({ method, pattern: new RegExp(`${REPO}${path}$`), handle });

export function createRoutes(state: GitHubState): Route[] {
  const pullOf = ([owner = "", repo = "", n = ""]: string[]) => state.pulls.get(pullKey(owner, repo, n));
  const newId = () => state.nextId++;
  return [
    { method: "POST", pattern: /^\/app\/installations\/(\d+)\/access_tokens$/, handle: () => issueToken(state) },
    route("GET", "/pulls/(\\d+)/files", (input) => listFiles(pullOf(input.params), input)),
    route("POST", "/pulls/(\\d+)/reviews", ({ params, body }) => createReview(state, pullOf(params), body, newId)),
    route("GET", "/pulls/(\\d+)/reviews", (input) => listReviews(state, input)),
    route("POST", "/pulls/(\\d+)/comments/(\\d+)/replies", (input) => replyInThread(state, input, newId)),
    // Comparing commits is not modelled: like GitHub for a commit that is gone, 404 (a full review).
    route("GET", "/compare/(.+)", () => NOT_FOUND),
    { method: "POST", pattern: /^\/graphql$/, handle: ({ body }) => answerGraphql(state, body) },
    route("POST", "/check-runs", ({ body }) => createCheckRun(state, body, newId)),
    route("PATCH", "/check-runs/(\\d+)", ({ params, body }) => updateCheckRun(state.checkRuns.get(Number(params[2])), body)),
    route("GET", "/issues/(\\d+)/comments", (input) => listComments(state, input)),
    route("POST", "/issues/(\\d+)/comments", (input) => postComment(state, input, newId)),
    route("PATCH", "/issues/comments/(\\d+)", (input) => editComment(state, input)),
    // A file the scenario does not have answers 404, as GitHub does.
    route("GET", "/contents/(.+)", ({ params: [owner = "", repo = "", path = ""] }) => {
      const text = state.files.get(`${`${owner}/${repo}`.toLowerCase()}:${path}`);
      return text === undefined ? NOT_FOUND : { status: 200, body: undefined, text };
    }),
  ];
}

function issueToken(state: GitHubState): Reply {
  const token = `ghs_standin${randomBytes(13).toString("hex")}`;
  state.tokens.add(token);
  const expires = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const permissions = { checks: "write", pull_requests: "write", issues: "write", contents: "read", metadata: "read" };
  return { status: 201, body: { token, expires_at: expires, permissions, repository_selection: "all" } };
}

function listFiles(pull: PullRequestScenario | undefined, input: RouteInput): Reply {
  if (!pull) return NOT_FOUND;
  const files = pull.files.slice(0, MAX_LISTED_FILES).map((f, i) => ({ sha: fakeSha(f.filename, i), ...f }));
  return paginate(files, input, `/repos/${input.params[0]}/${input.params[1]}/pulls/${input.params[2]}/files`);
}

function createReview(state: GitHubState, pull: PullRequestScenario | undefined, body: unknown, newId: () => number): Reply {
  if (!pull) return NOT_FOUND;
  const verdict = validateReview(body, pull.files);
  if (!verdict.ok) return unprocessable(verdict.errors);
  const review = body as { body?: string; event?: string; commit_id?: string; comments?: { path: string; body: string }[] };
  const states: Record<string, string> = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" };
  const posted = { id: newId(), body: review.body ?? "", commit_id: review.commit_id ?? pull.headSha };
  recordReview(state, pullKey(pull.owner, pull.repo, pull.pullNumber), posted, review.comments ?? [], newId);
  return { status: 200, body: { ...posted, state: states[review.event ?? ""] ?? "PENDING" } };
}

function createCheckRun(state: GitHubState, body: unknown, newId: () => number): Reply {
  const input = (body ?? {}) as Partial<CheckRun>;
  if (typeof input.name !== "string" || typeof input.head_sha !== "string") return unprocessable(["name and head_sha are required"]);
  const run: CheckRun = {
    id: newId(),
    name: input.name,
    head_sha: input.head_sha,
    status: input.conclusion !== undefined ? "completed" : (input.status ?? "queued"),
    conclusion: input.conclusion ?? null,
    output: input.output ?? {},
  };
  state.checkRuns.set(run.id, run);
  return { status: 201, body: run };
}

function updateCheckRun(run: CheckRun | undefined, body: unknown): Reply {
  if (!run) return NOT_FOUND;
  const input = (body ?? {}) as Partial<CheckRun>;
  if (input.status !== undefined) run.status = input.status;
  if (input.conclusion !== undefined) {
    run.conclusion = input.conclusion;
    // GitHub marks a run completed whenever a conclusion is given.
    run.status = "completed";
  }
  if (input.output !== undefined) run.output = { ...run.output, ...input.output };
  return { status: 200, body: run };
}

function fakeSha(seed: string, index: number): string {
  return createHash("sha1").update(`${seed}:${index}`).digest("hex");
}
