import type { Octokit } from "@octokit/rest";
import type { FindingThread } from "../review/finding-threads.js";
import type { BotComment, PullRef } from "./github-port.js";
import { listFindingThreads, THREAD_FIELDS, type Connection, type ThreadNode } from "./list-finding-threads.js";
import { readReviewMarkers, type ReviewMarker } from "./list-review-markers.js";

/** What a job reads of a pull request before it decides anything, in one GraphQL request. */
export interface PullRequestHistory {
  /**
   * Configuration files read along (default branch), by `owner/repo:path`: the text, or null when
   * there is no such file. A file not listed (binary, truncated, a directory, an error) is read the
   * usual way.
   */
  configFiles: Map<string, string | null>;
  /** The bot's earlier reviews, oldest first, from their markers. */
  reviews: ReviewMarker[];
  /** The PR conversation's comments by bots that carry one of our markers, oldest first. */
  botComments: BotComment[];
  threads: FindingThread[];
}

interface Author {
  author: { __typename: string } | null;
}
interface ConfigBranch {
  defaultBranchRef?: { target: { file?: { object: { text?: string | null; isBinary?: boolean | null; isTruncated?: boolean } | null } | null } | null } | null;
}
interface CommentNode extends Author {
  databaseId: number;
  body: string;
}
interface BackwardConnection<N> {
  nodes: N[];
  pageInfo: { hasPreviousPage: boolean; startCursor: string | null };
}
interface HistoryData {
  repository:
    | (ConfigBranch & {
        pullRequest: {
          reviews: Connection<{ body: string } & Author>;
          comments: BackwardConnection<CommentNode>;
          reviewThreads: Connection<ThreadNode>;
        } | null;
      })
    | null;
  org?: ConfigBranch | null;
}

const CONFIG_FIELDS = "defaultBranchRef { target { ... on Commit { file(path: $configPath) { object { ... on Blob { text isBinary isTruncated } } } } } }";

const QUERY = `query($owner: String!, $repo: String!, $number: Int!, $configPath: String!) {
  repository(owner: $owner, name: $repo) {
    ${CONFIG_FIELDS}
    pullRequest(number: $number) {
      reviews(first: 100) { nodes { body author { __typename } } pageInfo { hasNextPage endCursor } }
      comments(last: 100) { nodes { databaseId body author { __typename } } pageInfo { hasPreviousPage startCursor } }
      reviewThreads(first: 100) { nodes { ${THREAD_FIELDS} } pageInfo { hasNextPage endCursor } }
    }
  }
  org: repository(owner: $owner, name: ".github") { ${CONFIG_FIELDS} }
}`;

const MORE_REVIEWS = `query($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) { pullRequest(number: $number) { reviews(first: 100, after: $after) { nodes { body author { __typename } } pageInfo { hasNextPage endCursor } } } }
}`;

const EARLIER_COMMENTS = `query($owner: String!, $repo: String!, $number: Int!, $before: String) {
  repository(owner: $owner, name: $repo) { pullRequest(number: $number) { comments(last: 100, before: $before) { nodes { databaseId body author { __typename } } pageInfo { hasPreviousPage startCursor } } } }
}`;

/** Pages of reviews or comments read beyond the first; no pull request has more. */
const MAX_PAGES = 30;
const MARKER = "<!-- backend-review:";

type Client = Pick<Octokit, "graphql">;

/**
 * The configuration files, the bot's reviews, its comments and its review threads of one pull
 * request in one request (a long-lived pull request with more than 100 of one kind costs one more
 * per further 100). These used to be five to six requests a job.
 */
export async function listPullRequestHistory(octokit: Client, ref: PullRef, configPath: string): Promise<PullRequestHistory> {
  const { data, orgNotFound } = await queryHistory(octokit, ref, configPath);
  const configFiles = new Map<string, string | null>();
  const repoFile = configText(data.repository);
  if (repoFile !== undefined) configFiles.set(`${ref.owner}/${ref.repo}:${configPath}`, repoFile);
  const orgFile = orgNotFound || data.org === null ? null : configText(data.org);
  if (orgFile !== undefined) configFiles.set(`${ref.owner}/.github:${configPath}`, orgFile);
  const pull = data.repository?.pullRequest;
  if (!pull) return { configFiles, reviews: [], botComments: [], threads: [] };
  const [reviews, comments, threads] = await Promise.all([
    allReviews(octokit, ref, pull.reviews),
    allComments(octokit, ref, pull.comments),
    listFindingThreads(octokit, ref, pull.reviewThreads),
  ]);
  return {
    configFiles,
    reviews: readReviewMarkers(reviews.map((r) => ({ body: r.body, byBot: isBot(r) }))),
    botComments: comments.filter((c) => isBot(c) && c.body.includes(MARKER)).map((c) => ({ id: c.databaseId, body: c.body })),
    threads,
  };
}

/**
 * GitHub answers "no such repository" for the org's `.github` repository as an error beside the
 * data; that is the usual case (no org-wide configuration), not a failure.
 */
async function queryHistory(octokit: Client, ref: PullRef, configPath: string): Promise<{ data: HistoryData; orgNotFound: boolean }> {
  try {
    return { data: await octokit.graphql<HistoryData>(QUERY, { owner: ref.owner, repo: ref.repo, number: ref.pullNumber, configPath }), orgNotFound: false };
  } catch (error) {
    const partial = error as { data?: HistoryData; errors?: { type?: string; path?: (string | number)[] }[] };
    const errors = partial.errors ?? [];
    if (!partial.data?.repository || errors.length === 0 || !errors.every((e) => e.path?.[0] === "org")) throw error;
    // Another error about the org's repository (e.g. forbidden): its file is read the usual way.
    const notFound = errors.every((e) => e.type === "NOT_FOUND");
    return { data: notFound ? partial.data : { ...partial.data, org: undefined }, orgNotFound: notFound };
  }
}

/** The file's text, null when it does not exist, undefined when the API cannot say here. */
function configText(repository: ConfigBranch | null | undefined): string | null | undefined {
  if (repository === undefined || repository === null) return undefined;
  if (repository.defaultBranchRef === null) return null; // an empty repository: no file
  const file = repository.defaultBranchRef?.target?.file;
  if (file === null) return null;
  const blob = file?.object;
  if (!blob || typeof blob.text !== "string" || blob.isBinary || blob.isTruncated) return undefined;
  return blob.text;
}

async function allReviews(octokit: Client, ref: PullRef, first: Connection<{ body: string } & Author>) {
  const nodes = [...first.nodes];
  let info = first.pageInfo;
  for (let n = 0; info.hasNextPage && n < MAX_PAGES; n++) {
    const result = await octokit.graphql<{ repository: { pullRequest: { reviews: typeof first } | null } | null }>(MORE_REVIEWS, { owner: ref.owner, repo: ref.repo, number: ref.pullNumber, after: info.endCursor });
    const page = result.repository?.pullRequest?.reviews;
    if (!page) break;
    nodes.push(...page.nodes);
    info = page.pageInfo;
  }
  return nodes;
}

async function allComments(octokit: Client, ref: PullRef, last: BackwardConnection<CommentNode>) {
  const nodes = [...last.nodes];
  let info = last.pageInfo;
  for (let n = 0; info.hasPreviousPage && n < MAX_PAGES; n++) {
    const result = await octokit.graphql<{ repository: { pullRequest: { comments: typeof last } | null } | null }>(EARLIER_COMMENTS, { owner: ref.owner, repo: ref.repo, number: ref.pullNumber, before: info.startCursor });
    const page = result.repository?.pullRequest?.comments;
    if (!page) break;
    nodes.unshift(...page.nodes);
    info = page.pageInfo;
  }
  return nodes;
}

function isBot(node: Author): boolean {
  return node.author?.__typename === "Bot";
}
