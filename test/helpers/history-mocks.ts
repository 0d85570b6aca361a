import nock from "nock";

const GITHUB = "https://api.github.com";

/**
 * One read of a pull request's history: the App asks for the configuration files, the bot's
 * reviews, comments and review threads in one GraphQL request per job. The helpers below each
 * fill in their part of the n-th read (the n-th call of each helper belongs to the n-th read), so
 * tests keep saying "no config, these comments, this history" in the order they always did.
 */
interface HistoryRead {
  config: string | null;
  orgConfig: string | null;
  comments: unknown[];
  reviews: unknown[];
  threads: unknown[];
  scope: nock.Scope;
}

type Part = "config" | "comments" | "history";

let reads: HistoryRead[] = [];
let taken: Record<Part, number> = { config: 0, comments: 0, history: 0 };
let requests: { query: string; variables: Record<string, unknown> }[] = [];

/** Forgets every read (each test starts afresh). */
export function resetHistoryReads(): void {
  reads = [];
  taken = { config: 0, comments: 0, history: 0 };
  requests = [];
}

/** The history reads the App sent, in order: their query and variables. */
export function historyRequests(): readonly { query: string; variables: Record<string, unknown> }[] {
  return requests;
}

/** Whether a GraphQL request is the App's history read (and not a later page or another query). */
export function isHistoryQuery(body: { query?: string }): boolean {
  return (body.query ?? "").includes('org: repository(owner: $owner, name: ".github")');
}

function nextRead(part: Part): HistoryRead {
  const index = taken[part]++;
  const known = reads[index];
  if (known) return known;
  const read: HistoryRead = { config: null, orgConfig: null, comments: [], reviews: [], threads: [], scope: nock(GITHUB) };
  read.scope
    .post("/graphql", (body: { query?: string; variables?: Record<string, unknown> }) => isHistoryQuery(body) && Boolean(requests.push({ query: body.query ?? "", variables: body.variables ?? {} })))
    .reply(200, () => historyReply(read));
  reads[index] = read;
  return read;
}

const PAGE = { hasNextPage: false, endCursor: null };
const author = (user: unknown) => ({ __typename: (user as { type?: string } | null)?.type === "Bot" ? "Bot" : "User" });

/** The default branch's configuration file as `defaultBranchRef` answers it: text, or no file. */
export function configBranch(text: string | null) {
  return { defaultBranchRef: { target: { file: text === null ? null : { object: { text, isBinary: false, isTruncated: false } } } } };
}

function historyReply(read: HistoryRead) {
  const reviews = (read.reviews as { body?: string; user?: unknown }[]).map((r) => ({ body: r.body ?? "", author: author(r.user) }));
  const comments = (read.comments as { id: number; body?: string; user?: unknown }[]).map((c) => ({ databaseId: c.id, body: c.body ?? "", author: author(c.user) }));
  return {
    data: {
      repository: {
        ...configBranch(read.config),
        pullRequest: {
          reviews: { nodes: reviews, pageInfo: PAGE },
          comments: { nodes: comments, pageInfo: { hasPreviousPage: false, startCursor: null } },
          reviewThreads: { nodes: read.threads, pageInfo: PAGE },
        },
      },
      org: configBranch(read.orgConfig),
    },
  };
}

/** No `.github/backend-review.yml` in the repository nor in the org's `.github` repository. */
export function mockNoConfig(): nock.Scope {
  return nextRead("config").scope;
}

/** The repository's own config file on its default branch (and the org's `.github` one, for `_extends: .github`). */
export function mockConfig(yaml: string, orgYaml: string | null = null): nock.Scope {
  const read = nextRead("config");
  read.config = yaml;
  read.orgConfig = orgYaml;
  return read.scope;
}

/** The org's `.github` repository's config file, the repository having none. */
export function mockOrgConfig(yaml: string): nock.Scope {
  const read = nextRead("config");
  read.orgConfig = yaml;
  return read.scope;
}

/** The PR conversation's comments (REST-shaped: `id`, `body`, `user.type`), none by default. */
export function mockBotComments(comments: unknown[] = []): nock.Scope {
  const read = nextRead("comments");
  read.comments = comments;
  return read.scope;
}

/** The bot's earlier reviews (REST-shaped, for their markers) and review threads (GraphQL nodes): none by default, a first review. */
export function mockHistory(options: { reviews?: unknown[]; threads?: unknown[] | false } = {}): nock.Scope {
  const read = nextRead("history");
  read.reviews = options.reviews ?? [];
  read.threads = options.threads || [];
  return read.scope;
}
