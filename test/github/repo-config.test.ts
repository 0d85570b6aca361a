import nock from "nock";
import { describe, expect, it } from "vitest";
import { sqlInjectionFinding, reviewPrFiles, weakRandomFinding } from "../fixtures/pull-request-files.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import {
  ANTHROPIC,
  createAppUnderTest,
  GITHUB,
  mockBotComments,
  mockHistory,
  mockConfig,
  mockInstallationToken,
  mockNoConfig,
  mockOrgConfig,
} from "../helpers/app-under-test.js";
import { historyRequests } from "../helpers/history-mocks.js";
import { capture, expectAllUsed, mockCompletedCheck, mockReviewFlow, useNockPerTest } from "../helpers/review-mocks.js";
import { EXAMPLE_REPO, pullRequestPayload } from "../helpers/webhook-payloads.js";
import { createTokenBudget } from "../../src/jobs/token-budget.js";

const botComment = (id: number, body: string) => ({ id, body, user: { login: "backend-review[bot]", type: "Bot" } });

function mockCommentWrites(c: { posted: unknown[]; updated: unknown[] }) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/issues/2/comments`, (body: { body: string }) => (c.posted.push(body.body), true))
    .optionally()
    .reply(201, { id: 5 })
    .patch(/\/repos\/Codertocat\/Hello-World\/issues\/comments\/\d+/, (body: { body: string }) => (c.updated.push(body.body), true))
    .optionally()
    .reply(200, { id: 5 });
}

describe(".github/backend-review.yml", () => {
  useNockPerTest();

  it("refuses an invalid file: a failed check with every problem and its line, one PR comment, no model call", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const comments = { posted: [] as unknown[], updated: [] as unknown[] };
    const yaml = "enabled: true\nfail_on: hgh\npaths:\n  exlude: [vendor/**]\nmax_comments: 80\n";
    // Read once, with the pull request's history: parsed, and searched for the problems' lines.
    const scopes = [mockInstallationToken(), mockConfig(yaml), mockBotComments(), mockCommentWrites(comments), mockCompletedCheck(c)];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkCreate).toMatchObject({
      name: "backend-review",
      status: "completed",
      conclusion: "failure",
      output: { title: "Invalid configuration: 3 problems in .github/backend-review.yml" },
    });
    const table = [
      "| Where | Key | Problem |",
      "| --- | --- | --- |",
      '| `Codertocat/Hello-World:.github/backend-review.yml:2` | `fail_on` | expected one of critical, high, medium, low, never; found the text "hgh" |',
      '| `Codertocat/Hello-World:.github/backend-review.yml:4` | `paths.exlude` | unknown key (did you mean "exclude"?) |',
      "| `Codertocat/Hello-World:.github/backend-review.yml:5` | `max_comments` | must be at most 50; found number 80 |",
    ].join("\n");
    expect((c.checkCreate?.output as { summary: string }).summary).toContain(table);
    expect(comments.posted).toHaveLength(1);
    expect(comments.posted[0]).toContain(table);
    expect(comments.posted[0]).toMatch(/<!-- backend-review:config state=open -->$/);
  });

  it("edits its configuration comment in place on the next run instead of posting another", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const comments = { posted: [] as unknown[], updated: [] as unknown[] };
    const existing = botComment(41, "**backend-review:** old problems\n\n<!-- backend-review:config state=open -->");
    const scopes = [
      mockInstallationToken(),
      mockConfig("fail_on: [high]\n"),
      mockBotComments([existing]),
      mockCommentWrites(comments),
      mockCompletedCheck(c),
    ];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(comments.posted).toEqual([]);
    expect(comments.updated).toHaveLength(1);
    expect(comments.updated[0]).toContain("| `fail_on` | expected one of critical, high, medium, low, never; found a list |");
  });

  it("marks its configuration comment fixed once the file is valid, and reviews", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const comments = { posted: [] as unknown[], updated: [] as unknown[] };
    const existing = botComment(41, "**backend-review:** problems\n\n<!-- backend-review:config state=open -->");
    const scopes = [
      ...mockReviewFlow(c, { config: "fail_on: high\n", botComments: [existing], files: reviewPrFiles(), reply: toolReply([]) }),
      mockCommentWrites(comments),
    ];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(comments.updated).toEqual([
      "**backend-review:** ✅ The configuration problems reported here are fixed; reviews run again.\n\n<!-- backend-review:config state=fixed -->",
    ]);
    expect(c.reviews).toHaveLength(1);
  });

  it("falls back to the org's .github repository, and fail_on there fails the check", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { config: mockOrgConfig("fail_on: high\n"), files: reviewPrFiles(), reply: toolReply([sqlInjectionFinding]) });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({ conclusion: "failure", output: { title: "1 finding at or above high severity" } });
  });

  it("follows _extends and lets the repository override the base (lists replaced, mappings merged)", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const config = mockConfig(
      "_extends: .github\nmax_comments: 1\ncategories:\n  performance: false\n",
      "max_comments: 10\nfail_on: critical\npaths:\n  exclude: ['src/lib/**']\n",
    );
    const reply = toolReply([sqlInjectionFinding, { ...sqlInjectionFinding, check_id: "n-plus-one-query", category: "performance" }]);
    const scopes = mockReviewFlow(c, { config, files: reviewPrFiles(), reply });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const prompt = (c.modelRequests[0] as { messages: { content: string }[] }).messages[0]!.content;
    expect(prompt).not.toContain("src/lib/token.ts");
    expect(c.reviews[0]!.body).toContain("| `src/lib/token.ts` | excluded by configuration |");
    expect(c.reviews[0]!.comments).toHaveLength(1);
    expect(c.checkUpdate).toMatchObject({ conclusion: "failure", output: { title: "1 finding at or above critical severity" } });
  });

  it("reads the configuration from the default branch only: a change to it inside the PR has no effect", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const files = [
      ...reviewPrFiles(),
      { filename: ".github/backend-review.yml", status: "added", additions: 1, deletions: 0, changes: 1, patch: "@@ -0,0 +1 @@\n+enabled: false" },
    ];
    const scopes = mockReviewFlow(c, { files, reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
    // Asked of the default branch (its ref), never of the pull request's head or branch.
    const [read] = historyRequests();
    expect(read?.query).toContain("defaultBranchRef { target { ... on Commit { file(path: $configPath)");
    expect(read?.variables).toEqual({ owner: "Codertocat", repo: "Hello-World", number: 2, configPath: ".github/backend-review.yml" });
  });

  it("appends the repository's instructions to the system prompt and keeps them out of the diff data", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const config = "instructions: All SQL goes through the `sql` tagged template; flag any other query.\n";
    const scopes = mockReviewFlow(c, { config, files: reviewPrFiles(), reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const system = (c.modelRequests[0] as { system: { text: string }[] }).system[0]!.text;
    expect(system).toMatch(
      /# Instructions from the repository's configuration \(default branch\)\n\nAll SQL goes through the `sql` tagged template; flag any other query\.$/,
    );
  });

  it("uses a repository's own agent file from the default branch, with its model", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const agent = "---\nname: payments-reviewer\ndescription: Reviews the payments service.\nmodel: opus\n---\nYou review payment code. Money is integer cents.\n";
    const agentFile = nock(GITHUB)
      .get(`${EXAMPLE_REPO}/contents/.github%2Fagents%2Fpayments.md`)
      .reply(200, agent, { "content-type": "text/plain" });
    const scopes = [...mockReviewFlow(c, { config: "agent: .github/agents/payments.md\n", files: reviewPrFiles(), reply: toolReply([]) }), agentFile];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const request = c.modelRequests[0] as { model: string; system: { text: string }[] };
    expect(request.model).toBe("claude-opus-5-5");
    expect(request.system[0]!.text).toMatch(/^You review payment code\. Money is integer cents\.\n\n# How this review works/);
  });

  it("reports a missing agent file as a configuration problem", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const comments = { posted: [] as unknown[], updated: [] as unknown[] };
    const agentFile = nock(GITHUB).get(`${EXAMPLE_REPO}/contents/agents%2Fmissing.md`).reply(404, { message: "Not Found" });
    const scopes = [mockInstallationToken(), mockConfig("agent: agents/missing.md\n"), agentFile, mockBotComments(), mockCommentWrites(comments), mockCompletedCheck(c)];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkCreate).toMatchObject({ conclusion: "failure", output: { title: "Invalid configuration: 1 problem in .github/backend-review.yml" } });
    expect(comments.posted[0]).toContain("| `agent` | the file agents/missing.md does not exist on the default branch |");
  });

  it("with verify: true, re-checks high and critical findings and leaves out the unconfirmed", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const requests: { system: { text: string }[]; messages: { content: string }[] }[] = [];
    // The first call reports both; the second look confirms the SQL injection only.
    const model = nock(ANTHROPIC)
      .post("/v1/messages", (body: (typeof requests)[number]) => (requests.push(body), true))
      .times(3)
      .reply(200, (_uri, body) => {
        const prompt = (body as (typeof requests)[number]).messages[0]!.content;
        if (!prompt.startsWith("The finding to check:")) return toolReply([sqlInjectionFinding, weakRandomFinding]);
        return toolReply(prompt.includes('"check_id": "sql-injection"') ? [sqlInjectionFinding] : []);
      });
    const scopes = mockReviewFlow(c, { config: "verify: true\n", files: reviewPrFiles(), model });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(requests.filter((r) => r.system[0]!.text.includes("# Checking one finding"))).toHaveLength(2);
    expect((c.reviews[0]!.comments as { path: string }[]).map((x) => x.path)).toEqual(["src/routes/users.ts"]);
    expect(c.reviews[0]!.body).toContain("1 high or critical finding did not hold up on a second look and is left out.");
  });

  it("puts findings over max_comments into the summary, worst first", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { config: "max_comments: 1\n", files: reviewPrFiles(), reply: toolReply([weakRandomFinding, sqlInjectionFinding]) });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const comments = c.reviews[0]!.comments as { path: string; line: number }[];
    expect(comments.map((x) => `${x.path}:${x.line}`)).toEqual(["src/routes/users.ts:9"]);
    expect(c.reviews[0]!.body).toContain(
      "**More findings (over the limit of 1 inline comment):**\n- 🟠 High · `src/lib/token.ts:11` · `insecure-randomness` Session token from Math.random",
    );
  });

  it.each([
    ["skip.labels", "skip:\n  labels: [no-review]\n", { labels: [{ name: "No-Review" }] }, 'Skipped: the label "No-Review" is in skip.labels'],
    ["skip.titles", "skip:\n  titles: ['^\\[?wip\\b']\n", { title: "[WIP] new users route" }, 'Skipped: the title matches skip.titles "^\\[?wip\\b"'],
    ["skip.authors", "skip:\n  authors: ['*[bot]']\n", { user: { login: "dependabot[bot]" } }, 'Skipped: the author dependabot[bot] matches skip.authors "*[bot]"'],
  ])("skips by %s with a neutral check that says why, and calls no model", async (_rule, yaml, prChanges, title) => {
    const app = await createAppUnderTest();
    const c = capture();
    const payload = pullRequestPayload();
    Object.assign(payload.pull_request as object, prChanges);
    const scopes = [mockInstallationToken(), mockConfig(yaml), mockBotComments(), mockCompletedCheck(c)];

    await app.receive("pull_request", payload);

    expectAllUsed(scopes);
    expect(c.checkCreate).toMatchObject({ status: "completed", conclusion: "neutral", output: { title } });
  });

  it("does nothing at all when disabled, or on a push with auto_review: first_push_only", async () => {
    for (const [yaml, action] of [
      ["enabled: false\n", "opened"],
      ["auto_review: first_push_only\n", "synchronize"],
    ] as const) {
      const app = await createAppUnderTest();
      const scopes = [mockInstallationToken(), mockConfig(yaml), mockBotComments()];
      await app.receive("pull_request", pullRequestPayload({ action }));
      expectAllUsed(scopes);
    }
  });

  it("stops at the installation's daily token budget with a neutral check and no model call", async () => {
    const budget = createTokenBudget(1000);
    await budget.record(1, { input: 900, output: 200, cacheRead: 0, cacheWrite: 0 });
    const app = await createAppUnderTest({}, { budget });
    const c = capture();
    const scopes = [mockInstallationToken(), mockNoConfig(), mockBotComments(), mockHistory({ threads: false }), mockCompletedCheck(c)];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkCreate).toMatchObject({ conclusion: "neutral", output: { title: "Not reviewed: the token budget for today is spent (1,100 tokens)" } });
  });

  it("ignores repositories the deployment does not serve", async () => {
    const app = await createAppUnderTest({}, { repositoryFilter: (name) => name !== "Codertocat/Hello-World" });
    await app.receive("pull_request", pullRequestPayload());
    expect(app.scheduler.pending).toBe(0);
  });
});
