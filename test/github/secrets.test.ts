import nock from "nock";
import { describe, expect, it } from "vitest";
import { errorReply, RETRY_NOW, toolReply } from "../helpers/anthropic-replies.js";
import { ANTHROPIC, createAppUnderTest } from "../helpers/app-under-test.js";
import { capture, expectAllUsed, mockReviewFlow, useNockPerTest } from "../helpers/review-mocks.js";
import { pullRequestPayload } from "../helpers/webhook-payloads.js";

// Built at run time so this file holds no string in a real token format.
const TOKEN = `ghp_${"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ".split("").reverse().join("")}`;
const LINE = `const githubToken = "${TOKEN}";`;

function secretFiles() {
  return [
    {
      filename: "src/clients/github.ts",
      status: "added",
      additions: 3,
      deletions: 0,
      changes: 3,
      patch: ["@@ -0,0 +1,3 @@", '+import { Octokit } from "@octokit/rest";', `+${LINE}`, "+export const gh = new Octokit({ auth: githubToken });"].join("\n"),
    },
  ];
}

describe("committed secrets", () => {
  useNockPerTest();

  it("reports a committed token by rule even when the model is down, and never posts the token", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const model = nock(ANTHROPIC).post("/v1/messages").times(3).reply(529, errorReply("overloaded_error", "Overloaded"), RETRY_NOW);
    const scopes = mockReviewFlow(c, { files: secretFiles(), model });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const comments = c.reviews[0]!.comments as { path: string; line: number; body: string }[];
    expect(comments.map((x) => `${x.path}:${x.line}`)).toEqual(["src/clients/github.ts:2"]);
    expect(comments[0]!.body).toContain("`hardcoded-secret`");
    expect(JSON.stringify(c.reviews)).not.toContain(TOKEN.slice(4, 20));
    expect(JSON.stringify(c.checkUpdate)).not.toContain(TOKEN.slice(4, 20));
    expect(c.checkUpdate).toMatchObject({ conclusion: "failure" });
  });

  it("masks the token where the model repeats it, and keeps one comment for the line", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const modelFinding = {
      path: "src/clients/github.ts",
      line: 2,
      quote: LINE,
      severity: "high",
      category: "security",
      check_id: "hardcoded-secret",
      title: `Token ${TOKEN} in source`,
      explanation: `The value ${TOKEN} grants repository access.`,
      fix: "Read it from the environment.",
      replacement: `const githubToken = "${TOKEN}".trim();`,
      confidence: 0.9,
    };
    const reply = toolReply([modelFinding, { ...modelFinding, line: 3, check_id: "information-leak", quote: "export const gh = new Octokit({ auth: githubToken });" }]);
    const scopes = mockReviewFlow(c, { files: secretFiles(), reply });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const posted = JSON.stringify(c.reviews);
    expect(posted).not.toContain(TOKEN.slice(4, 20));
    const comments = c.reviews[0]!.comments as { line: number; body: string }[];
    expect(comments.map((x) => x.line)).toEqual([2, 3]);
    expect(comments[0]!.body).toMatch(/^\*\*🔴 Critical · security · `hardcoded-secret`\*\*/);
    expect(comments[1]!.body).not.toContain("suggestion");
  });
});
