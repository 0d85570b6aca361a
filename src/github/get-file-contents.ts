import type { Octokit } from "@octokit/rest";

/** Files one GraphQL request asks for: one request for a typical pull request, six for a 300-file one. */
export const FILES_PER_QUERY = 50;
/** A file larger than this is not used as context (its diff is still reviewed). */
export const MAX_CONTEXT_FILE_BYTES = 512_000;

export interface FileContentsRef {
  owner: string;
  repo: string;
  /** The commit the files are read at. */
  sha: string;
}

interface BlobNode {
  text: string | null;
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
}

type RepositoryReply = { repository: Record<string, BlobNode | null> | null };

/**
 * The query for one batch: one aliased `object(expression:)` per file. Paths travel as variables,
 * never inside the query text, so a file name cannot change the query.
 */
export function buildFileContentsQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(", ");
  const fields = Array.from({ length: count }, (_, i) => `f${i}: object(expression: $e${i}) { ... on Blob { text byteSize isBinary isTruncated } }`).join("\n    ");
  return `query ($owner: String!, $repo: String!, ${variables}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}`;
}

/**
 * The text of files at one commit, in as few requests as GitHub allows: batches of
 * FILES_PER_QUERY aliased blobs per GraphQL query, one batch after another. Binary files, files
 * over MAX_CONTEXT_FILE_BYTES or cut short by GitHub, and paths that do not exist at the commit
 * are left out of the map. An answer with errors beside its data (one object GitHub could not
 * resolve) still gives the files it holds.
 */
export async function getFileContents(octokit: Pick<Octokit, "graphql">, ref: FileContentsRef, paths: readonly string[]): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for (let start = 0; start < paths.length; start += FILES_PER_QUERY) {
    const batch = paths.slice(start, start + FILES_PER_QUERY);
    const variables: Record<string, string> = { owner: ref.owner, repo: ref.repo };
    batch.forEach((path, i) => (variables[`e${i}`] = `${ref.sha}:${path}`));
    const reply = await octokit.graphql<RepositoryReply>(buildFileContentsQuery(batch.length), variables).catch((error: unknown) => {
      if (hasRepositoryData(error)) return error.data;
      throw error;
    });
    batch.forEach((path, i) => {
      const blob = reply.repository?.[`f${i}`];
      if (blob && blob.text !== null && !blob.isBinary && !blob.isTruncated && blob.byteSize <= MAX_CONTEXT_FILE_BYTES) contents.set(path, blob.text);
    });
  }
  return contents;
}

/** Octokit's GraphqlResponseError carries the partial `data` of an answer that also had `errors`. */
function hasRepositoryData(error: unknown): error is { data: RepositoryReply } {
  if (typeof error !== "object" || error === null || !("data" in error)) return false;
  const data = error.data;
  return typeof data === "object" && data !== null && "repository" in data;
}
