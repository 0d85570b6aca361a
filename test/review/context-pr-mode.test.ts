import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, runCliForTest } from "../cli/helpers/cli-harness.js";
import { mockModel, toolUseReply, type MessagesRequest } from "../cli/helpers/model-mocks.js";
import { expectNoPendingMocks } from "../cli/helpers/nock-guard.js";
import { FILES, HEAD, WEAKNESS } from "./context-fixture.js";

const GITHUB = "https://api.github.com";
const REPO = "/repos/acme/api";
const HEAD_SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const env = () => baseEnv({ ANTHROPIC_API_KEY: "sk-ant-test", GITHUB_TOKEN: "ghp_test" });

/** The pull request with no configuration anywhere, its files, and their text at the head through GraphQL. */
function mockPullRequest(queries: Record<string, string>[]): nock.Scope {
  return nock(GITHUB)
    .get(`${REPO}/pulls/7`)
    .reply(200, { number: 7, state: "open", head: { sha: HEAD_SHA } })
    .get(`${REPO}/contents/.github%2Fbackend-review.yml`)
    .reply(404, { message: "Not Found" })
    .get("/repos/acme/.github/contents/.github%2Fbackend-review.yml")
    .reply(404, { message: "Not Found" })
    .get(`${REPO}/pulls/7/files`)
    .query({ per_page: "100" })
    .reply(200, FILES)
    .post("/graphql", (body: { query: string; variables: Record<string, string> }) => body.query.includes("object(expression:") && (queries.push(body.variables), true))
    .reply(200, { data: { repository: { f0: { text: HEAD, byteSize: HEAD.length, isBinary: false, isTruncated: false } } } });
}

beforeAll(() => nock.disableNetConnect());
afterEach(expectNoPendingMocks);
afterAll(() => nock.enableNetConnect());

describe("backend-review pr: the code around the changes, read from the pull request's head", () => {
  it("reads the files at the head in one GraphQL query, shows the function as context and lists a finding there at file level", async () => {
    const queries: Record<string, string>[] = [];
    const seen: MessagesRequest[] = [];
    mockPullRequest(queries);
    mockModel(seen, { status: 200, body: toolUseReply([WEAKNESS]) });

    const result = await runCliForTest(["pr", "acme/api#7", "--format", "json"], { env: env() });

    expect(result.code).toBe(0);
    expect(queries).toEqual([{ owner: "acme", repo: "api", e0: `${HEAD_SHA}:src/routes/users.ts` }]);
    const prompt = seen[0]?.messages[0]?.content ?? "";
    expect(prompt).toContain(' 6 : router.get("/users/:id", async (req, res) => {');
    expect(prompt).toContain(" 8 :   const sql = `SELECT * FROM users WHERE id = ${id}`;");
    // Reported on line 8, outside the diff: kept with its line, but not on the diff (no inline comment with --post).
    const report = JSON.parse(result.stdout) as { findings: unknown[] };
    expect(report.findings).toEqual([expect.objectContaining({ path: "src/routes/users.ts", startLine: 8, onDiff: false })]);
  });
});
