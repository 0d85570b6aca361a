import { validate } from "@octokit/graphql-schema";
import { describe, expect, it } from "vitest";
import { buildFileContentsQuery } from "../../src/github/get-file-contents.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import { createAppUnderTest } from "../helpers/app-under-test.js";
import { capture, expectAllUsed, mockReviewFlow, useNockPerTest } from "../helpers/review-mocks.js";
import { EXAMPLE_HEAD_SHA, pullRequestPayload } from "../helpers/webhook-payloads.js";
import { FILES, HEAD, WEAKNESS } from "../review/context-fixture.js";

describe("context around the hunks: the enclosing function, from the head commit", () => {
  useNockPerTest();

  it("shows the reviewer the function's first line and a weakness line outside every hunk, and lists a finding there at file level", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: FILES, reply: toolReply([WEAKNESS]), headFiles: { "src/routes/users.ts": HEAD } });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.headFileRequests).toHaveLength(1);
    expect(c.headFileRequests[0]?.variables).toMatchObject({ owner: "Codertocat", repo: "Hello-World", e0: `${EXAMPLE_HEAD_SHA}:src/routes/users.ts` });
    const prompt = JSON.stringify(c.modelRequests[0]?.messages);
    const sent = (JSON.parse(prompt) as { content: string | { text: string }[] }[])
      .map((m) => (typeof m.content === "string" ? m.content : m.content.map((p) => p.text).join("")))
      .join("\n");
    expect(sent).toContain("@@ context lines 6-11 (unchanged code around the diff, not part of it)");
    expect(sent).toContain(' 6 : router.get("/users/:id", async (req, res) => {');
    expect(sent).toContain(" 8 :   const sql = `SELECT * FROM users WHERE id = ${id}`;");
    // Lines the hunk shows are not repeated as context, and the context ends with the function.
    expect(sent).not.toContain("12 :     res.status(404).end();");
    expect(sent).not.toContain("20 : export default router;");
    expect(sent).toContain("12       res.status(404).end();");

    const review = c.reviews[0]!;
    expect(review.comments ?? []).toEqual([]);
    expect(review.body).toContain("Not placed on a line (the reported line is outside the diff)");
    expect(review.body).toContain("User id interpolated into SQL");
    expect(c.checkUpdate?.output).toMatchObject({ summary: expect.stringMatching(/about [\d,]+ of them for the code around the changes/) });
  });

  it("redacts a secret that sits in the unchanged code shown around the hunk: its value never reaches the model", async () => {
    const key = "AKIA" + "Q3EGRIT5ZPAM7X4B";
    const app = await createAppUnderTest();
    const c = capture();
    const head = HEAD.replace("  const started = Date.now();", `  const awsKey = "${key}";`);
    const scopes = mockReviewFlow(c, { files: FILES, reply: toolReply([]), headFiles: { "src/routes/users.ts": head } });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const body = JSON.stringify(c.modelRequests);
    expect(body).toContain("@@ context lines 6-11");
    expect(body).toContain("const awsKey = \\\"[secret removed: AWS access key id]\\\";");
    expect(body).not.toContain(key);
  });

  it("with context: hunk, reads no file and shows the hunks alone", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: FILES, reply: toolReply([]), config: "context: hunk\n" });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.headFileRequests).toEqual([]);
    expect(JSON.stringify(c.modelRequests[0]?.messages)).toContain("@@ new lines 12-20");
    expect(JSON.stringify(c.modelRequests[0]?.messages)).not.toContain("@@ context lines");
  });
});

describe("the file contents query", () => {
  it.each([1, 2, 50])("is valid against GitHub's GraphQL schema for %i file(s)", (count) => {
    expect(validate(buildFileContentsQuery(count))).toEqual([]);
  });
});
