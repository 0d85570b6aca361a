import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";
import {
  ANTHROPIC,
  GITHUB,
  mockBotComments,
  mockConfig,
  mockHistory,
  mockInstallationToken,
  mockNoConfig,
  resetNock,
  unmatchedRequests,
  useNock,
} from "./app-under-test.js";
import { EXAMPLE_REPO } from "./webhook-payloads.js";

/** What the App sent, for assertions on exactly what users would see. */
export interface Captured {
  checkCreate?: Record<string, unknown>;
  checkUpdate?: Record<string, unknown>;
  reviews: Record<string, unknown>[];
  modelRequests: Record<string, unknown>[];
  notices: Record<string, unknown>[];
  /** The GraphQL requests for the files' text at the head (context around the hunks). */
  headFileRequests: GraphqlRequest[];
}

export interface GraphqlRequest {
  query: string;
  variables: Record<string, string>;
}

export function capture(): Captured {
  return { reviews: [], modelRequests: [], notices: [], headFileRequests: [] };
}

/** Nock for every test of the enclosing describe; afterwards no request may have gone unanswered. */
export function useNockPerTest(): void {
  beforeEach(useNock);
  afterEach(() => {
    expect(unmatchedRequests()).toEqual([]);
    resetNock();
  });
}

/** Every interceptor of every scope was used. */
export function expectAllUsed(scopes: readonly nock.Scope[]): void {
  for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
}

export function mockCheckRun(c: Captured) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/check-runs`, (body: Record<string, unknown>) => ((c.checkCreate = body), true))
    .reply(201, { id: 77 })
    .patch(`${EXAMPLE_REPO}/check-runs/77`, (body: Record<string, unknown>) => ((c.checkUpdate = body), true))
    .reply(200, { id: 77 });
}

export function mockFiles(files: unknown[]) {
  return nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2/files`).query({ per_page: "100" }).reply(200, files);
}

/**
 * The reviewed files' text at the head commit (the GraphQL blob query), for the context shown
 * around the hunks: `files` by path, each request's variables and query kept in `requests`.
 * Without `files`, every path is "not found" and the review shows the hunks alone; that answer is
 * optional and repeats, so tests about other things need not count the App's requests for it.
 */
export function mockHeadFiles(files?: Readonly<Record<string, string>>, requests: GraphqlRequest[] = []) {
  const scope = files === undefined ? nock(GITHUB).persist() : nock(GITHUB);
  const interceptor = scope.post("/graphql", (body: { query: string; variables: Record<string, string> }) => {
    if (!body.query.includes("object(expression:")) return false;
    requests.push(body);
    return true;
  });
  return (files === undefined ? interceptor.optionally() : interceptor).reply(200, (_uri, body) => {
    const { variables } = body as { variables: Record<string, string> };
    const repository: Record<string, unknown> = {};
    for (const [name, expression] of Object.entries(variables)) {
      if (!/^e\d+$/.test(name)) continue;
      const text = files?.[expression.slice(expression.indexOf(":") + 1)];
      repository[`f${name.slice(1)}`] = text === undefined ? null : { text, byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false };
    }
    return { data: { repository } };
  });
}

export function mockReview(c: Captured, status = 200) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/pulls/2/reviews`, (body: Record<string, unknown>) => (c.reviews.push(body), true))
    .reply(status, status === 200 ? { id: 501 } : { message: "Unprocessable Entity", errors: ["Line could not be resolved"] });
}

export function mockModel(c: Captured, reply: unknown, times = 1) {
  return nock(ANTHROPIC)
    .post("/v1/messages", (body: Record<string, unknown>) => (c.modelRequests.push(body), true))
    .times(times)
    .reply(200, reply as nock.Body);
}

/** A check run created already completed (skipped, invalid configuration, over budget). */
export function mockCompletedCheck(c: Captured) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/check-runs`, (body: Record<string, unknown>) => ((c.checkCreate = body), true))
    .reply(201, { id: 78 });
}

export interface ReviewFlow {
  /** The pull request's files as GitHub lists them, or a scope that serves them (pages, errors). */
  files: unknown[] | nock.Scope;
  /** The model's one reply. Without it (and without `model`) the flow expects no model call and no review. */
  reply?: unknown;
  /** A model scope of the test's own (errors, retries, delays), in place of `reply`. */
  model?: nock.Scope;
  /** `.github/backend-review.yml` as YAML, or a scope that serves it; none by default; null when the caller read it already (a command). */
  config?: string | nock.Scope | null;
  /** The bot's earlier comments on the pull request; none by default. */
  botComments?: unknown[];
  /** The bot's earlier reviews and threads; none by default (a first review). */
  history?: Parameters<typeof mockHistory>[0];
  /** GitHub's answer to each review post, in order: one 200 by default when the model is called, none when it is not. */
  reviews?: number[];
  /** The files' text at the head, by path, for the context around the hunks; none by default (hunks alone). */
  headFiles?: Readonly<Record<string, string>>;
}

/**
 * The mocks of one full review of Codertocat/Hello-World#2, in the order the App makes the calls:
 * installation token, configuration, bot comments, history, check run, files, model, review.
 */
export function mockReviewFlow(c: Captured, flow: ReviewFlow): nock.Scope[] {
  const modelCalled = flow.reply !== undefined || flow.model !== undefined;
  const config = flow.config === undefined ? mockNoConfig() : typeof flow.config === "string" ? mockConfig(flow.config) : flow.config;
  const scopes = [
    mockInstallationToken(),
    ...(config === null ? [] : [config]),
    mockBotComments(flow.botComments),
    mockHistory(flow.history),
    mockCheckRun(c),
    Array.isArray(flow.files) ? mockFiles(flow.files) : flow.files,
    mockHeadFiles(flow.headFiles, c.headFileRequests),
  ];
  if (flow.model) scopes.push(flow.model);
  else if (flow.reply !== undefined) scopes.push(mockModel(c, flow.reply));
  for (const status of flow.reviews ?? (modelCalled ? [200] : [])) scopes.push(mockReview(c, status));
  return scopes;
}
