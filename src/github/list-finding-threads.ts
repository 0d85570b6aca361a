import type { Octokit } from "@octokit/rest";
import { readFindingThreads, type FindingThread, type RawThread } from "../review/finding-threads.js";
import type { PullRef } from "./github-port.js";

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: {
          id: string;
          isResolved: boolean;
          isOutdated: boolean;
          path: string;
          comments: { nodes: { databaseId: number; body: string; author: { __typename: string } | null }[] };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } | null;
  } | null;
}

const QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes {
          id isResolved isOutdated path
          comments(first: 50) { nodes { databaseId body author { __typename } } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

/** GitHub caps a PR at a few thousand threads; 30 pages of 100 is more than any PR has. */
const MAX_PAGES = 30;

/** Review threads and their replies in one GraphQL query a page: REST would need one call per thread. */
export async function listFindingThreads(octokit: Pick<Octokit, "graphql">, ref: PullRef): Promise<FindingThread[]> {
  const raw: RawThread[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: ThreadsPage = await octokit.graphql<ThreadsPage>(QUERY, { owner: ref.owner, repo: ref.repo, number: ref.pullNumber, after });
    const threads = result.repository?.pullRequest?.reviewThreads;
    if (!threads) break;
    for (const t of threads.nodes) {
      raw.push({
        id: t.id,
        isResolved: t.isResolved,
        isOutdated: t.isOutdated,
        path: t.path,
        comments: t.comments.nodes.map((c) => ({ databaseId: c.databaseId, body: c.body, byBot: c.author?.__typename === "Bot" })),
      });
    }
    if (!threads.pageInfo.hasNextPage) break;
    after = threads.pageInfo.endCursor;
  }
  return readFindingThreads(raw);
}
