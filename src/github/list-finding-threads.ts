import type { Octokit } from "@octokit/rest";
import { readFindingThreads, type FindingThread, type RawThread } from "../review/finding-threads.js";
import type { PullRef } from "./github-port.js";

/** One review thread as the GraphQL API returns it with THREAD_FIELDS. */
export interface ThreadNode {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  startLine: number | null;
  comments: { nodes: { databaseId: number; body: string; author: { __typename: string } | null }[] };
}

export interface Connection<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The fields read of each review thread (and its first 50 comments); `line` is where it sits in the head now. */
export const THREAD_FIELDS = "id isResolved isOutdated path line startLine comments(first: 50) { nodes { databaseId body author { __typename } } }";

interface ThreadsPage {
  repository: { pullRequest: { reviewThreads: Connection<ThreadNode> } | null } | null;
}

const QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes { ${THREAD_FIELDS} }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

/** GitHub caps a PR at a few thousand threads; 30 pages of 100 is more than any PR has. */
const MAX_PAGES = 30;

/**
 * Review threads and their replies in one GraphQL query a page: REST would need one call per
 * thread. `first`, when a caller read the first page already (with other things), saves that one.
 */
export async function listFindingThreads(octokit: Pick<Octokit, "graphql">, ref: PullRef, first?: Connection<ThreadNode>): Promise<FindingThread[]> {
  const fetchPage = async (after: string | null) =>
    (await octokit.graphql<ThreadsPage>(QUERY, { owner: ref.owner, repo: ref.repo, number: ref.pullNumber, after })).repository?.pullRequest?.reviewThreads;
  const raw: RawThread[] = [];
  let page = first ?? (await fetchPage(null));
  for (let n = 1; page; n++) {
    raw.push(...page.nodes.map(toRawThread));
    if (!page.pageInfo.hasNextPage || n >= MAX_PAGES) break;
    page = await fetchPage(page.pageInfo.endCursor);
  }
  return readFindingThreads(raw);
}

function toRawThread(t: ThreadNode): RawThread {
  return {
    id: t.id,
    isResolved: t.isResolved,
    isOutdated: t.isOutdated,
    path: t.path,
    line: t.line,
    startLine: t.startLine,
    comments: t.comments.nodes.map((c) => ({ databaseId: c.databaseId, body: c.body, byBot: c.author?.__typename === "Bot" })),
  };
}
