import nock from "nock";
import { describe, expect, it } from "vitest";
import { ANTHROPIC, createAppUnderTest, GITHUB, mockBotComments, mockInstallationToken, mockNoConfig } from "../helpers/app-under-test.js";
import { errorReply, RETRY_NOW, toolReply } from "../helpers/anthropic-replies.js";
import { capture, expectAllUsed, mockReviewFlow, useNockPerTest } from "../helpers/review-mocks.js";
import { EXAMPLE_HEAD_SHA, EXAMPLE_REPO, pullRequestPayload } from "../helpers/webhook-payloads.js";
import { reviewPrFiles, sqlInjectionFinding, weakRandomFinding } from "../fixtures/pull-request-files.js";

describe("pull_request: one review and one check run", () => {
  useNockPerTest();

  it("posts one COMMENT review with inline comments on the exact lines, and a neutral check for the one finding it could not read", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const reply = toolReply([sqlInjectionFinding, weakRandomFinding, { path: "src/routes/users.ts", line: "nine" }], {
      input_tokens: 900,
      output_tokens: 420,
      cache_creation_input_tokens: 3100,
    });
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), reply });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkCreate).toMatchObject({ name: "backend-review", head_sha: EXAMPLE_HEAD_SHA, status: "in_progress" });
    expect(c.reviews).toHaveLength(1);
    const review = c.reviews[0]!;
    expect(review).toMatchObject({ commit_id: EXAMPLE_HEAD_SHA, event: "COMMENT" });
    const comments = review.comments as { path: string; line: number; side: string; body: string; start_line?: number }[];
    expect(comments.map((x) => [x.path, x.line, x.side])).toEqual([
      ["src/routes/users.ts", 9, "RIGHT"],
      ["src/lib/token.ts", 11, "RIGHT"],
    ]);
    expect(comments[0]!.body).toContain("```suggestion\n  const sql = \"SELECT * FROM users WHERE id = $1\";\n```");
    expect(comments[1]!.body).not.toContain("suggestion");
    expect(comments[1]!.body).toContain("Ask @\u2060security-team.");
    expect(review.body).toMatchInlineSnapshot(`
      "### backend-review: 2 findings

      Reviewed 2 of 5 changed files at \`ec26c3e\`.

      | Severity | Findings |
      | --- | ---: |
      | 🔴 Critical | 1 |
      | 🟠 High | 1 |

      > ⚠️ 1 finding from the reviewer could not be used (it named no file or no severity). Re-run the review to try again.

      <details><summary>3 files not reviewed</summary>

      | File | Reason |
      | --- | --- |
      | \`README.md\` | documentation |
      | \`package-lock.json\` | lock file |
      | \`public/logo.png\` | not server-side code |

      </details>

      <sub>3 findings reported: 2 posted inline · 1 unusable</sub>

      <sub>claude-sonnet-5-5 · 1 model call · 4,000 input tokens (0 read from cache, 3,100 written to cache) · 420 output tokens</sub>

      <!-- backend-review:review sha=ec26c3e57ca3a959ca5aad62de7213c562f8c821 -->"
    `);
    expect(c.checkUpdate).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: { title: "Reviewed 2 files (2 findings); 1 finding from the reviewer could not be used" },
    });
    expect((c.checkUpdate?.output as { summary: string }).summary).toContain("| `public/logo.png` | not server-side code |");
  });

  it("sends the diff as numbered data with a cached system prompt, no tools and a structured answer", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const request = c.modelRequests[0] as {
      model: string;
      system: { text: string; cache_control: unknown }[];
      tools?: unknown;
      tool_choice?: unknown;
      output_config: { format: { type: string; schema: { type: string; required: string[] } } };
      messages: { role: string; content: string }[];
    };
    expect(request.model).toBe("claude-sonnet-5-5");
    expect(request.system[0]!.cache_control).toEqual({ type: "ephemeral" });
    expect(request.system[0]!.text).toContain("`sql-injection`");
    expect(request.tools).toBeUndefined();
    expect(request.tool_choice).toBeUndefined();
    expect(request.output_config.format).toMatchObject({ type: "json_schema", schema: { type: "object", required: ["findings"] } });
    const prompt = request.messages[0]!.content;
    expect(prompt).toContain('=== FILE "src/routes/users.ts" (modified, TypeScript) ===');
    expect(prompt).toContain(" 9 +   const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;");
    expect(prompt).toContain('=== FILE "src/lib/token.ts" (renamed, renamed from "src/util/token.ts", TypeScript) ===');
    expect(prompt).not.toContain("README.md");
    expect(c.reviews[0]!.body).toContain("### backend-review: no findings");
    expect(c.reviews[0]!.comments).toBeUndefined();
    expect(c.checkUpdate).toMatchObject({ conclusion: "success", output: { title: "Reviewed 2 files: no findings" } });
  });

  it("retries once without inline comments when GitHub answers 422, so the review is not lost", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([sqlInjectionFinding]), reviews: [422, 200] });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(2);
    expect(c.reviews[1]!.comments).toBeUndefined();
    expect(c.reviews[1]!.body).toContain(
      "**Findings (GitHub did not accept them as inline comments):**\n- 🔴 Critical · `src/routes/users.ts:9` · `sql-injection` User id interpolated into SQL",
    );
    expect(c.checkUpdate).toMatchObject({ conclusion: "success" });
  });

  it.each([
    ["posts it again when GitHub did not keep it", [], 2],
    ["does not post it twice when GitHub kept it", [{ id: 7, body: `summary\n\n<!-- backend-review:review sha=${EXAMPLE_HEAD_SHA} -->`, user: { type: "Bot" } }], 1],
  ])("after a 502 on the review, %s", async (_label, stored, posts) => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([sqlInjectionFinding]), reviews: posts === 2 ? [502, 200] : [502] });
    const lookup = nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2/reviews`).query(true).reply(200, stored);

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed([...scopes, lookup]);
    expect(c.reviews).toHaveLength(posts);
    expect(c.checkUpdate).toMatchObject({ conclusion: "success" });
  });

  it("fails the check with the reason in words when the model stays overloaded, and says so on the PR", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const model = nock(ANTHROPIC).post("/v1/messages").times(3).reply(529, errorReply("overloaded_error", "Overloaded"), RETRY_NOW);
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), model });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({
      conclusion: "failure",
      output: { title: "Review failed: model API overloaded after 3 attempts" },
    });
    const body = c.reviews[0]!.body as string;
    expect(body).toContain("### backend-review: the review could not be completed");
    expect(body).toContain(
      "> ⚠️ Part 1 of 1 was not reviewed: model API overloaded after 3 attempts. Files: `src/routes/users.ts`, `src/lib/token.ts`.",
    );
    expect(body).toContain("Comment `/review` on the pull request to run the review again.");
  });

  it("recovers when the model is overloaded once and then answers", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const model = nock(ANTHROPIC)
      .post("/v1/messages")
      .reply(529, errorReply("overloaded_error", "Overloaded"), RETRY_NOW)
      .post("/v1/messages")
      .reply(200, toolReply([sqlInjectionFinding]));
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), model });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({ conclusion: "success", output: { title: "Reviewed 2 files: 1 finding" } });
  });

  it("treats a reply without a findings list as a failed call, not as a clean review", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const broken = { ...toolReply([]), content: [{ type: "text", text: JSON.stringify({ verdict: "LGTM" }) }] };
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), reply: broken });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({
      conclusion: "failure",
      output: { title: "Review failed: the model's report did not have a findings list" },
    });
  });

  it("fails the check and posts a notice when GitHub cannot list the files", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const files = nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2/files`).query(true).reply(502, { message: "Bad Gateway" });
    const notice = nock(GITHUB)
      .post(`${EXAMPLE_REPO}/issues/2/comments`, (body: Record<string, unknown>) => (c.notices.push(body), true))
      .reply(201, { id: 9 });
    const scopes = [...mockReviewFlow(c, { files }), notice];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({
      conclusion: "failure",
      output: { title: "Review failed: GitHub was unavailable while listing the pull request's files (502)" },
    });
    expect(c.notices[0]!.body).toBe(
      "**backend-review:** The review of `ec26c3e` could not be completed: GitHub was unavailable while listing the pull request's files (502). " +
        "Comment `/review` on the pull request to run the review again.\n\n<!-- backend-review:notice sha=ec26c3e57ca3a959ca5aad62de7213c562f8c821 -->",
    );
  });

  it("posts no review and a neutral check when only non-server files changed, without calling the model", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const docsOnly = reviewPrFiles().filter((f) => !f.filename.startsWith("src/"));
    const scopes = mockReviewFlow(c, { files: docsOnly });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({ conclusion: "neutral", output: { title: "Nothing to review: no server-side code changed" } });
    expect((c.checkUpdate?.output as { summary: string }).summary).toContain("None of the 3 changed files at `ec26c3e` is server-side code");
  });

  it("handles an empty pull request", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: [] });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({ conclusion: "neutral" });
    expect((c.checkUpdate?.output as { summary: string }).summary).toContain("The pull request has no changed files at `ec26c3e`.");
  });

  it("reports a server file GitHub sent without a diff as not reviewed, and the check is not green", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const files = reviewPrFiles();
    files.push({ ...files[0]!, filename: "src/generated-but-huge.ts", patch: undefined } as (typeof files)[number]);
    const scopes = mockReviewFlow(c, { files, reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.checkUpdate).toMatchObject({
      conclusion: "neutral",
      output: { title: "Reviewed 2 of 3 server-side files (no findings); 1 could not be reviewed" },
    });
    expect(c.reviews[0]!.body).toContain("| `src/generated-but-huge.ts` | binary or too large (GitHub sent no diff) |");
  });

  it("lists all 3,000 files GitHub allows, 100 a page, and accounts for every one", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const server = reviewPrFiles()[0]!;
    const files = Array.from({ length: 3000 }, (_, i) =>
      i % 1000 === 0 ? { ...server, filename: `src/routes/r${i}.ts` } : { ...server, filename: `docs/page-${i}.md` },
    );
    const pages = nock(GITHUB);
    for (let page = 1; page <= 30; page++) {
      const next: Record<string, string> = page < 30 ? { Link: `<${GITHUB}${EXAMPLE_REPO}/pulls/2/files?per_page=100&page=${page + 1}>; rel="next"` } : {};
      pages
        .get(`${EXAMPLE_REPO}/pulls/2/files`)
        .query(page === 1 ? { per_page: "100" } : { per_page: "100", page: String(page) })
        .reply(200, files.slice((page - 1) * 100, page * 100), next);
    }
    const scopes = mockReviewFlow(c, { files: pages, reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.reviews[0]!.body).toContain("Reviewed 3 of 3,000 changed files at `ec26c3e`");
    expect(c.reviews[0]!.body).toContain("<details><summary>2,997 files not reviewed</summary>");
    expect(c.reviews[0]!.body).toContain("| …and 2,897 more | |");
  });
});

describe("pull_request: events that start no review", () => {
  useNockPerTest();

  it("does nothing for a closed pull request", async () => {
    const app = await createAppUnderTest();
    await app.receive("pull_request", pullRequestPayload({ state: "closed" }));
    expect(app.scheduler.pending).toBe(0);
  });

  it("reads the configuration for a draft but creates no check run and calls no model", async () => {
    const app = await createAppUnderTest();
    const scopes = [mockInstallationToken(), mockNoConfig(), mockBotComments()];
    await app.receive("pull_request", pullRequestPayload({ draft: true }));
    expectAllUsed(scopes);
  });

  it("reviews when a draft becomes ready for review", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload({ action: "ready_for_review" }));

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
  });
});
