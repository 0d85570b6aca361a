import nock from "nock";
import { describe, expect, it } from "vitest";
import { reviewPrFiles } from "../fixtures/pull-request-files.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import { ANTHROPIC, createAppUnderTest, GITHUB, mockConfig, mockHistory, mockInstallationToken, mockNoConfig } from "../helpers/app-under-test.js";
import { capture, expectAllUsed, mockReviewFlow, useNockPerTest } from "../helpers/review-mocks.js";
import {
  checkRunRerequestedPayload,
  EXAMPLE_HEAD_SHA,
  EXAMPLE_REPO,
  issueCommentPayload,
  pullRequestPayload,
  reviewCommentPayload,
} from "../helpers/webhook-payloads.js";

interface Sent {
  reactions: string[];
  replies: string[];
}

function sent(): Sent {
  return { reactions: [], replies: [] };
}

function mockReactions(s: Sent, kind: "issues" | "pulls", commentId: number) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/${kind}/comments/${commentId}/reactions`, (body: { content: string }) => (s.reactions.push(body.content), true))
    .times(2)
    .reply(201, {});
}

function mockConversationReply(s: Sent) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/issues/2/comments`, (body: { body: string }) => (s.replies.push(body.body), true))
    .reply(201, { id: 3 });
}

/** A reply in the thread of the bot's finding comment 900. */
function mockThreadReply(s: Sent) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/pulls/2/comments/900/replies`, (body: { body: string }) => (s.replies.push(body.body), true))
    .reply(201, { id: 4 });
}

function mockPermission(login: string, permission: string) {
  return nock(GITHUB).get(`${EXAMPLE_REPO}/collaborators/${login}/permission`).reply(200, { permission, user: { login } });
}

function mockPull(overrides: Record<string, unknown> = {}) {
  const pr = { ...(pullRequestPayload().pull_request as Record<string, unknown>), ...overrides };
  return nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2`).reply(200, pr);
}

const FINDING_COMMENT = {
  id: 900,
  node_id: "PRRC_finding",
  body: "**🔴 Critical · security · `sql-injection`** User id interpolated into SQL\n\nWhy.\n\n**Fix:** Bind it.\n\n<!-- backend-review:finding fp=0123456789abcdef check=sql-injection -->",
  user: { login: "backend-review[bot]", type: "Bot" },
  path: "src/routes/users.ts",
  line: 9,
  diff_hunk: "@@ -1,6 +1,14 @@\n+users.get(\"/users/:id\", async (req, res) => {\n+  const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;",
};

function mockFindingComment() {
  return nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/comments/${FINDING_COMMENT.id}`).reply(200, FINDING_COMMENT);
}

describe("/review commands", () => {
  useNockPerTest();

  it("re-reviews for someone with write access: 👀 at once, 🚀 when the review is posted", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const c = capture();
    const scopes = [
      mockNoConfig(), // read once by the command, which hands it to the review
      mockReactions(s, "issues", 1001),
      mockPull(),
      mockPermission("octo-writer", "write"),
      ...mockReviewFlow(c, { config: null, files: reviewPrFiles(), reply: toolReply([]) }),
    ];

    await app.receive("issue_comment", issueCommentPayload("Thanks!\n/review"));

    expectAllUsed(scopes);
    expect(s.reactions).toEqual(["eyes", "rocket"]);
    expect(c.reviews).toHaveLength(1);
    expect(c.checkCreate).toMatchObject({ head_sha: EXAMPLE_HEAD_SHA });
  });

  it("answers someone without write access once, politely, and calls no model", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const scopes = [
      mockInstallationToken(),
      mockNoConfig(),
      mockReactions(s, "issues", 1001),
      mockPull(),
      mockPermission("drive-by", "read"),
      mockConversationReply(s),
    ];

    await app.receive("issue_comment", issueCommentPayload("/review", { login: "drive-by" }));

    expectAllUsed(scopes);
    expect(s.replies).toEqual(["Sorry, in this repository only people with write access to the repository can run `/review`: it calls a paid model."]);
    expect(s.reactions).toEqual(["eyes", "confused"]);
  });

  it("lets the PR's author run it when commands.allowed is author_or_write", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const c = capture();
    const config = "commands:\n  allowed: author_or_write\n";
    const scopes = [
      mockConfig(config),
      mockReactions(s, "issues", 1001),
      mockPull(),
      mockPermission("Codertocat", "read"),
      ...mockReviewFlow(c, { config: null, files: reviewPrFiles(), reply: toolReply([]) }),
    ];

    await app.receive("issue_comment", issueCommentPayload("/review full", { login: "Codertocat" }));

    expectAllUsed(scopes);
    expect(s.reactions).toEqual(["eyes", "rocket"]);
  });

  it.each([
    ["a bot's comment", issueCommentPayload("/review", { login: "ci-bot[bot]", type: "Bot" })],
    ["a quoted command", issueCommentPayload("> /review\nI think we should run that")],
    ["a command in a code block", issueCommentPayload("Type this:\n```\n/review\n```")],
    ["a comment on a plain issue", { ...issueCommentPayload("/review"), issue: { ...(issueCommentPayload("/review").issue as object), pull_request: undefined } }],
    ["a different word", issueCommentPayload("/reviewer please")],
  ])("ignores %s", async (_label, payload) => {
    const app = await createAppUnderTest();
    await app.receive("issue_comment", payload);
    expect(app.scheduler.pending).toBe(0);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("replies with the command list to /review help, with no permission check", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const scopes = [mockInstallationToken(), mockNoConfig(), mockReactions(s, "issues", 1001), mockConversationReply(s)];

    await app.receive("issue_comment", issueCommentPayload("@backend-review review help"));

    expectAllUsed(scopes);
    expect(s.replies[0]).toContain("| `/review ignore [reason]` | In reply to one of my inline comments: dismiss that finding for good | people with write access |");
    expect(s.replies[0]).toContain("Reviews started by commands are limited to 5 an hour per pull request.");
  });

  it("answers an unknown subcommand with the help", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const scopes = [mockInstallationToken(), mockNoConfig(), mockReactions(s, "issues", 1001), mockConversationReply(s)];

    await app.receive("issue_comment", issueCommentPayload("/review everything now"));

    expectAllUsed(scopes);
    expect(s.replies[0]).toMatch(/^Unknown command `\/review everything`\.\n\n\*\*backend-review commands\*\*/);
    expect(s.reactions).toEqual(["eyes", "confused"]);
  });

  it("stops at commands.max_per_hour and says when it can run again", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const c = capture();
    const config = "commands:\n  max_per_hour: 1\n";
    const first = [
      mockConfig(config),
      mockReactions(s, "issues", 1001),
      mockPull(),
      mockPermission("octo-writer", "admin"),
      ...mockReviewFlow(c, { config: null, files: reviewPrFiles(), reply: toolReply([]) }),
    ];
    await app.receive("issue_comment", issueCommentPayload("/review"));
    expectAllUsed(first);

    const second = [mockConfig(config), mockReactions(s, "issues", 1001), mockPull(), mockPermission("octo-writer", "admin"), mockConversationReply(s)];
    await app.receive("issue_comment", issueCommentPayload("/review"));
    expectAllUsed(second);
    expect(s.replies[0]).toMatch(/^The limit of 1 command-triggered reviews an hour on this pull request is reached; it can run again after \d\d:\d\d UTC\.$/);
  });

  it("does nothing when commands are disabled in the configuration", async () => {
    const app = await createAppUnderTest();
    const scopes = [mockInstallationToken(), mockConfig("commands:\n  enabled: false\n")];
    await app.receive("issue_comment", issueCommentPayload("/review"));
    expectAllUsed(scopes);
  });

  it("explains a finding in its thread, with the hunk and the finding as quoted data", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    let modelRequest: { system: { text: string }[]; messages: { content: string }[]; tools?: unknown } | undefined;
    const model = nock(ANTHROPIC)
      .post("/v1/messages", (body) => ((modelRequest = body as typeof modelRequest), true))
      .reply(200, {
        id: "msg_2",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-5-5",
        content: [{ type: "text", text: "An attacker sends `1 OR 1=1`. Ping @admin <img src=x>." }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 500, output_tokens: 80, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      });
    const scopes = [
      mockInstallationToken(),
      mockNoConfig(),
      mockReactions(s, "pulls", 2002),
      mockPull(),
      mockPermission("octo-writer", "write"),
      mockFindingComment(),
      model,
      mockThreadReply(s),
    ];

    await app.receive("pull_request_review_comment", reviewCommentPayload("/review explain how would this be exploited?", 900));

    expectAllUsed(scopes);
    expect(modelRequest?.tools).toBeUndefined();
    const prompt = modelRequest!.messages[0]!.content;
    expect(prompt).toContain("| +  const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;");
    expect(prompt).toContain("The question from octo-writer:\n| how would this be exploited?");
    expect(prompt).not.toContain("backend-review:finding");
    expect(s.replies).toEqual(["An attacker sends `1 OR 1=1`. Ping @\u2060admin &lt;img src=x&gt;."]);
    expect(s.reactions).toEqual(["eyes", "rocket"]);
  });

  it("dismisses a finding for good: a reply with who and why, and the thread resolved", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const graphql: string[] = [];
    // The threads come with the pull request's history, read once with the configuration.
    const history = mockHistory({
      threads: [
        { id: "PRRT_other", isResolved: false, isOutdated: false, path: "src/a.ts", comments: { nodes: [{ databaseId: 800, body: "a person's comment", author: { __typename: "User" } }] } },
        { id: "PRRT_1", isResolved: false, isOutdated: false, path: "src/routes/users.ts", comments: { nodes: [{ databaseId: 900, body: FINDING_COMMENT.body, author: { __typename: "Bot" } }] } },
      ],
    });
    const gql = nock(GITHUB)
      .post("/graphql", (body: { query: string; variables: { id: string } }) => (graphql.push(`${body.query} ${body.variables.id}`), true))
      .reply(200, { data: { resolveReviewThread: { thread: { id: "PRRT_1" } } } });
    const scopes = [
      mockInstallationToken(),
      mockNoConfig(),
      mockReactions(s, "pulls", 2002),
      mockPull(),
      mockPermission("octo-writer", "maintain"),
      mockFindingComment(),
      mockThreadReply(s),
      history,
      gql,
    ];

    await app.receive("pull_request_review_comment", reviewCommentPayload("/review ignore the id is validated by the router", 900));

    expectAllUsed(scopes);
    expect(s.replies).toEqual([
      "Dismissed by octo-writer: the id is validated by the router. This finding will not be raised again on this pull request.\n\n<!-- backend-review:dismissed fp=0123456789abcdef -->",
    ]);
    expect(graphql).toEqual([expect.stringMatching(/resolveReviewThread.* PRRT_1$/s)]);
    expect(s.reactions).toEqual(["eyes", "rocket"]);
  });

  it("refuses to dismiss for someone without write access even when anyone may run reviews", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const scopes = [
      mockInstallationToken(),
      mockConfig("commands:\n  allowed: anyone\n"),
      mockReactions(s, "pulls", 2002),
      mockPull(),
      mockPermission("octo-writer", "read"),
      mockThreadReply(s),
    ];

    await app.receive("pull_request_review_comment", reviewCommentPayload("/review ignore", 900));

    expectAllUsed(scopes);
    expect(s.replies).toEqual(["Sorry, only people with write access can dismiss findings."]);
  });

  it("asks for a thread when explain is used outside one of its finding threads", async () => {
    const app = await createAppUnderTest();
    const s = sent();
    const scopes = [mockInstallationToken(), mockNoConfig(), mockReactions(s, "issues", 1001), mockPull(), mockPermission("octo-writer", "write"), mockConversationReply(s)];

    await app.receive("issue_comment", issueCommentPayload("/review explain"));

    expectAllUsed(scopes);
    expect(s.replies).toEqual(["`/review explain` works as a reply to one of my inline comments about a finding."]);
  });

  it("re-reviews when someone presses Re-run on the check run", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = [mockPull(), ...mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([]) })];

    await app.receive("check_run", checkRunRerequestedPayload());

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
  });

  it("ignores Re-run on another App's check run", async () => {
    const app = await createAppUnderTest();
    await app.receive("check_run", checkRunRerequestedPayload("ci / build"));
    expect(app.scheduler.pending).toBe(0);
  });
});
