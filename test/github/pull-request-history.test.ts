import { Octokit } from "@octokit/rest";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { withHistoryRead } from "../../src/github/history-port.js";
import { createOctokitPort } from "../../src/github/octokit-port.js";
import { GITHUB } from "../helpers/app-under-test.js";
import { configBranch } from "../helpers/history-mocks.js";
import { expectAllUsed, useNockPerTest } from "../helpers/review-mocks.js";

const ref = { owner: "acme", repo: "api", pullNumber: 7, headSha: "a".repeat(40) };
const CONFIG = ".github%2Fbackend-review.yml";
const NO_PAGES = { hasNextPage: false, endCursor: null };

function port() {
  const octokit = new Octokit({ auth: "ghs_test", request: { retries: 0 } });
  return withHistoryRead(createOctokitPort(octokit), octokit);
}

function pullRequest(overrides: Record<string, unknown> = {}) {
  return {
    reviews: { nodes: [], pageInfo: NO_PAGES },
    comments: { nodes: [], pageInfo: { hasPreviousPage: false, startCursor: null } },
    reviewThreads: { nodes: [], pageInfo: NO_PAGES },
    ...overrides,
  };
}

const isHistory = (body: { query: string }) => body.query.includes("org: repository(");

describe("one read of a pull request's history", () => {
  useNockPerTest();

  it("takes a missing org .github repository (GitHub's NOT_FOUND beside the data) as no org configuration", async () => {
    const scope = nock(GITHUB)
      .post("/graphql", isHistory)
      .reply(200, {
        data: { repository: { ...configBranch(null), pullRequest: pullRequest() }, org: null },
        errors: [{ type: "NOT_FOUND", path: ["org"], message: "Could not resolve to a Repository with the name 'acme/.github'." }],
      });
    const github = port();

    expect(await github.loadConfig(ref)).toMatchObject({ ok: true, config: { fail_on: "never" } });
    expect(await github.listBotComments(ref)).toEqual([]);
    expectAllUsed([scope]);
  });

  it("reads the org's file the usual way when GitHub will not say (forbidden), and the rest from the one read", async () => {
    const scope = nock(GITHUB)
      .post("/graphql", isHistory)
      .reply(200, {
        data: { repository: { ...configBranch(null), pullRequest: pullRequest() }, org: null },
        errors: [{ type: "FORBIDDEN", path: ["org"], message: "Resource not accessible by integration" }],
      })
      .get(`/repos/acme/.github/contents/${CONFIG}`)
      .reply(200, "fail_on: high\n", { "content-type": "text/plain" });
    const github = port();

    expect(await github.loadConfig(ref)).toMatchObject({ ok: true, config: { fail_on: "high" } });
    expectAllUsed([scope]);
  });

  it("reads a configuration file GraphQL returns no text for (too large) through the contents API", async () => {
    const truncated = { defaultBranchRef: { target: { file: { object: { text: null, isBinary: false, isTruncated: true } } } } };
    const scope = nock(GITHUB)
      .post("/graphql", isHistory)
      .reply(200, { data: { repository: { ...truncated, pullRequest: pullRequest() }, org: configBranch(null) } })
      .get(`/repos/acme/api/contents/${CONFIG}`)
      .reply(200, "fail_on: critical\n", { "content-type": "text/plain" });

    expect(await port().loadConfig(ref)).toMatchObject({ ok: true, config: { fail_on: "critical" } });
    expectAllUsed([scope]);
  });

  it("reads earlier comments page by page until the oldest, and finds the configuration notice among them", async () => {
    const notice = { databaseId: 11, body: "**backend-review:** problems\n\n<!-- backend-review:config state=open -->", author: { __typename: "Bot" } };
    const person = { databaseId: 12, body: "<!-- backend-review: a person quoting it -->", author: { __typename: "User" } };
    const scope = nock(GITHUB)
      .post("/graphql", isHistory)
      .reply(200, {
        data: {
          repository: { ...configBranch(null), pullRequest: pullRequest({ comments: { nodes: [person], pageInfo: { hasPreviousPage: true, startCursor: "c2" } } }) },
          org: configBranch(null),
        },
      })
      .post("/graphql", (body: { query: string; variables: { before?: string } }) => body.query.includes("comments(last: 100, before: $before)") && body.variables.before === "c2")
      .reply(200, { data: { repository: { pullRequest: { comments: { nodes: [notice], pageInfo: { hasPreviousPage: false, startCursor: null } } } } } });

    expect(await port().listBotComments(ref)).toEqual([{ id: 11, body: notice.body }]);
    expectAllUsed([scope]);
  });

  it("asks again for what a write changed, and only for that", async () => {
    const review = { body: "<!-- backend-review:review sha=abc -->", author: { __typename: "Bot" } };
    const scope = nock(GITHUB)
      .post("/graphql", isHistory)
      .reply(200, { data: { repository: { ...configBranch(null), pullRequest: pullRequest() }, org: configBranch(null) } })
      .post(`/repos/acme/api/issues/7/comments`)
      .reply(201, { id: 5 })
      .post("/graphql", isHistory)
      .reply(200, { data: { repository: { ...configBranch(null), pullRequest: pullRequest({ reviews: { nodes: [review], pageInfo: NO_PAGES } }) } } });
    const github = port();

    expect(await github.listReviewedShas(ref)).toEqual([]);
    await github.postNotice(ref, "a notice");
    expect(await github.listFindingThreads(ref)).toEqual([]); // threads unchanged by a comment: no request
    expect(scope.pendingMocks()).toHaveLength(1);
    await github.listBotComments(ref); // comments changed: asked again
    expect(await github.listReviewedShas(ref)).toEqual(["abc"]);
    expectAllUsed([scope]);
  });
});
