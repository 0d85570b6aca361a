/**
 * Secrets never leave: what the secret detector finds is replaced by a placeholder in every request
 * to the model provider (review calls, second looks, `/review explain`), while the bot's own finding
 * still reports it, masked. Test code is not sent to the model, but a key committed there is found.
 */
import nock from "nock";
import { describe, expect, it } from "vitest";
import { toolReply } from "../helpers/anthropic-replies.js";
import { ANTHROPIC, createAppUnderTest, GITHUB, mockInstallationToken, mockNoConfig } from "../helpers/app-under-test.js";
import { capture, expectAllUsed, mockModel, mockReviewFlow, useNockPerTest } from "../helpers/review-mocks.js";
import { EXAMPLE_REPO, pullRequestPayload, reviewCommentPayload } from "../helpers/webhook-payloads.js";

// Assembled at run time, so this file holds no string in a real token format.
const scramble = (seed: number, length: number, alphabet: string): string => {
  let state = seed;
  let out = "";
  while (out.length < length) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out += alphabet.charAt((state >>> 0) % alphabet.length);
  }
  return out;
};
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const GITHUB_TOKEN = `ghp_${scramble(3, 36, ALNUM)}`;
const AWS_KEY_ID = `AKIA${scramble(5, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
const PEM_LINES = [`MII${scramble(7, 61, `${ALNUM}+/`)}`, scramble(11, 64, `${ALNUM}+/`), `${scramble(13, 20, ALNUM)}==`];
const BEGIN = ["-----BEGIN RSA PRIVATE", "KEY-----"].join(" ");
const END = ["-----END RSA PRIVATE", "KEY-----"].join(" ");
const ALL_VALUES = [GITHUB_TOKEN, AWS_KEY_ID, ...PEM_LINES];

const TOKEN_LINE = `const githubToken = "${GITHUB_TOKEN}";`;

function patchOf(lines: string[]): string {
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n");
}

function file(filename: string, lines: string[]) {
  return { filename, status: "added", additions: lines.length, deletions: 0, changes: lines.length, patch: patchOf(lines) };
}

function prFiles() {
  return [
    file("src/clients/github.ts", ['import { Octokit } from "@octokit/rest";', TOKEN_LINE, "export const gh = new Octokit({ auth: githubToken });"]),
    file("src/signing/keys.ts", ["export const signingKey = `", BEGIN, ...PEM_LINES, END, "`;"]),
    // Test code: not sent to the model, still scanned.
    file("test/fixtures/aws.env", ["AWS_REGION=eu-west-1", `AWS_ACCESS_KEY_ID=${AWS_KEY_ID}`]),
  ];
}

/** A model finding quoting the token line as the model saw it: with the placeholder, one line off. */
const LOGGED = {
  path: "src/clients/github.ts",
  line: 1,
  quote: 'const githubToken = "[secret removed: GitHub token]";',
  severity: "high",
  category: "security",
  check_id: "sensitive-data-logging",
  title: "The client token is exported with the client",
  explanation: "Anything that logs the client config prints the token.",
  fix: "Read the token from the environment.",
  replacement: 'const githubToken = "[secret removed: GitHub token]";',
  confidence: 0.9,
};

function bodiesOf(requests: readonly Record<string, unknown>[]): string {
  return requests.map((r) => JSON.stringify(r)).join("\n");
}

describe("secrets never leave", () => {
  useNockPerTest();

  it("sends the model placeholders, never a detected value, in review calls and second looks", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    // The review call, then the second look (`verify`) at the high finding: both see placeholders.
    const scopes = mockReviewFlow(c, { config: "verify: true\n", files: prFiles(), model: mockModel(c, toolReply([LOGGED]), 2) });

    // The head files read for function context, when that feature asks (no file: the hunks alone).
    nock(GITHUB).post("/graphql").optionally().reply(200, { data: { repository: null } });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const sent = bodiesOf(c.modelRequests);
    expect(c.modelRequests).toHaveLength(2);
    for (const value of ALL_VALUES) expect(sent).not.toContain(value);
    expect(sent).toContain('const githubToken = \\"[secret removed: GitHub token]\\";');
    expect(sent).toContain("3 + [secret removed: RSA private key #1]\\n4 + [secret removed: RSA private key #2]\\n5 + [secret removed: RSA private key #3]");
    // Other lines, and the line numbers, are untouched.
    expect(sent).toContain("3 + export const gh = new Octokit({ auth: githubToken });");
    expect(sent).toContain(`2 + ${BEGIN}`);
    // Test code was not sent at all.
    expect(sent).not.toContain("aws.env");
    expect(sent).not.toContain("eu-west-1");

    const comments = c.reviews[0]!.comments as { path: string; line: number; body: string }[];
    const where = comments.map((x) => `${x.path}:${x.line} ${/`([a-z-]+)`\*\*/.exec(x.body)?.[1]}`);
    expect(where).toEqual(
      expect.arrayContaining([
        "src/clients/github.ts:2 hardcoded-secret",
        "src/clients/github.ts:2 sensitive-data-logging", // the restored quote placed it on its line
        "src/signing/keys.ts:2 hardcoded-secret",
        "test/fixtures/aws.env:2 hardcoded-secret", // skipped for the model, still scanned
      ]),
    );
    const posted = JSON.stringify(c.reviews);
    for (const value of ALL_VALUES) expect(posted).not.toContain(value.slice(4, 20));
    expect(posted).not.toContain("suggestion"); // a placeholder is never offered as code
    expect(posted).toContain("test code");
  });
});

describe("secrets never leave: /review explain", () => {
  useNockPerTest();

  it("replaces a secret in the commented hunk and in the question before asking the model", async () => {
    const app = await createAppUnderTest();
    const bodies: string[] = [];
    const replies: string[] = [];
    const finding = {
      id: 900,
      node_id: "PRRC_finding",
      body: "**🔴 Critical · security · `hardcoded-secret`** Hardcoded GitHub token `ghp_…ab`\n\n<!-- backend-review:finding fp=0123456789abcdef check=hardcoded-secret -->",
      user: { login: "backend-review[bot]", type: "Bot" },
      path: "src/clients/github.ts",
      line: 2,
      diff_hunk: `@@ -0,0 +1,3 @@\n+import { Octokit } from "@octokit/rest";\n+${TOKEN_LINE}`,
    };
    const scopes = [
      mockInstallationToken(),
      mockNoConfig(),
      nock(GITHUB).post(`${EXAMPLE_REPO}/pulls/comments/2002/reactions`).times(2).reply(201, {}),
      nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2`).reply(200, pullRequestPayload().pull_request as Record<string, unknown>),
      nock(GITHUB).get(`${EXAMPLE_REPO}/collaborators/octo-writer/permission`).reply(200, { permission: "write", user: { login: "octo-writer" } }),
      nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/comments/900`).reply(200, finding),
      nock(ANTHROPIC)
        .post("/v1/messages", (body: unknown) => (bodies.push(JSON.stringify(body)), true))
        .reply(200, { ...toolReply([]), content: [{ type: "text", text: "Rotate it." }] }),
      nock(GITHUB)
        .post(`${EXAMPLE_REPO}/pulls/2/comments/900/replies`, (body: { body: string }) => (replies.push(body.body), true))
        .reply(201, { id: 4 }),
    ];

    await app.receive("pull_request_review_comment", reviewCommentPayload(`/review explain is ${AWS_KEY_ID} the same key?`, 900));

    expectAllUsed(scopes);
    expect(bodies).toHaveLength(1);
    for (const value of [GITHUB_TOKEN, AWS_KEY_ID]) expect(bodies[0]).not.toContain(value);
    expect(bodies[0]).toContain('| +const githubToken = \\"[secret removed: GitHub token]\\";');
    expect(bodies[0]).toContain("| is [secret removed: AWS access key id] the same key?");
    expect(replies).toEqual(["Rotate it."]);
  });
});
