import nock from "nock";
import { describe, expect, it } from "vitest";
import { findingMarker, parseMarker, reviewMarker } from "../../src/review/markers.js";
import { copiedHandlerLines, copiedHandlersPatch, execFinding } from "../fixtures/copied-handlers.js";
import { reviewPrFiles, sqlInjectionFinding } from "../fixtures/pull-request-files.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import { createAppUnderTest, GITHUB } from "../helpers/app-under-test.js";
import { capture, expectAllUsed, mockReviewFlow, useNockPerTest, type Captured } from "../helpers/review-mocks.js";
import { EXAMPLE_HEAD_SHA, EXAMPLE_REPO, pullRequestPayload } from "../helpers/webhook-payloads.js";

/*
 * The reviewer's answer is untrusted, imperfect input: the API enforces types, enums and required
 * keys, but not patterns, lengths or ranges. Each case is one finding (the SQL injection on
 * src/routes/users.ts line 9) written the way a real model may write it; each must land on its
 * true line, or in the summary with its reason, and the check must never be green over a loss.
 */

const SQL = sqlInjectionFinding;
const SQL_LINE = "src/routes/users.ts:9";

interface Posted {
  comments: { path: string; line: number; body: string; start_line?: number }[];
  body: string;
  check: { conclusion: string; title: string; summary: string };
}

async function reviewWith(reply: unknown, config?: string): Promise<Posted> {
  const app = await createAppUnderTest();
  const c: Captured = capture();
  const scopes = mockReviewFlow(c, { files: reviewPrFiles(), reply, ...(config === undefined ? {} : { config }) });
  await app.receive("pull_request", pullRequestPayload());
  expectAllUsed(scopes);
  const review = c.reviews[0] ?? {};
  const output = c.checkUpdate?.output as { title: string; summary: string };
  return {
    comments: (review.comments ?? []) as Posted["comments"],
    body: (review.body ?? "") as string,
    check: { conclusion: c.checkUpdate?.conclusion as string, title: output.title, summary: output.summary },
  };
}

const where = (p: Posted) => p.comments.map((x) => `${x.path}:${x.line}`);
const checkOf = (p: Posted, i = 0) => parseMarker(p.comments[i]?.body ?? "")?.fields.check;

describe("findings written another way reach the pull request", () => {
  useNockPerTest();

  it.each([
    { form: "check id SEC-INJECTION (not in the checklist: kept as given)", finding: { check_id: "SEC-INJECTION" }, check: "sec-injection" },
    { form: "check id SQL_INJECTION", finding: { check_id: "SQL_INJECTION" }, check: "sql-injection" },
    { form: "check id 'Sql Injection'", finding: { check_id: "Sql Injection" }, check: "sql-injection" },
    { form: "check id CWE-89", finding: { check_id: "CWE-89" }, check: "sql-injection" },
    { form: "confidence 85 (a percentage)", finding: { confidence: 85 }, check: "sql-injection" },
    { form: "a title over 200 characters", finding: { title: "User id interpolated into SQL ".repeat(10) }, check: "sql-injection" },
    { form: "an explanation over 2,000 characters", finding: { explanation: "The id reaches the SQL text. ".repeat(100) }, check: "sql-injection" },
    { form: "line 0", finding: { line: 0 }, check: "sql-injection" },
    { form: "path ./src/routes/users.ts", finding: { path: "./src/routes/users.ts" }, check: "sql-injection" },
    { form: "path b/src/routes/users.ts", finding: { path: "b/src/routes/users.ts" }, check: "sql-injection" },
    { form: "path in another letter case", finding: { path: "SRC/Routes/Users.ts" }, check: "sql-injection" },
    { form: "a quote keeping the diff's +", finding: { line: 12, quote: `+${SQL.quote}` }, check: "sql-injection" },
    { form: "a quote with the printed line number", finding: { line: 12, quote: `9: ${SQL.quote.trim()}` }, check: "sql-injection" },
    {
      form: "a multi-line quote starting on the line above, right line reported",
      finding: { quote: `users.get("/users/:id", async (req, res) => {\n${SQL.quote}` },
      check: "sql-injection",
    },
  ])("$form → a comment on its true line and a green check", async ({ finding, check }) => {
    const posted = await reviewWith(toolReply([{ ...SQL, ...finding }]));
    expect(where(posted)).toEqual([SQL_LINE]);
    expect(checkOf(posted)).toBe(check);
    expect(posted.comments[0]?.body.length).toBeLessThan(4_500);
    expect(posted.check).toMatchObject({ conclusion: "success", title: "Reviewed 2 files: 1 finding" });
    expect(posted.body).toContain("### backend-review: 1 finding");
  });

  it("says in the summary footer that a finding was repaired", async () => {
    const posted = await reviewWith(toolReply([{ ...SQL, check_id: "SQL_INJECTION", confidence: 95 }]));
    expect(posted.body).toContain("<sub>1 finding reported (1 repaired: ids, paths, lines or numbers written another way): 1 posted inline</sub>");
  });

  it("reads an answer wrapped in a ```json fence", async () => {
    const fenced = toolReply([]);
    fenced.content = [{ type: "text", text: `\`\`\`json\n${JSON.stringify({ findings: [SQL] }, null, 2)}\n\`\`\`` }];
    const posted = await reviewWith(fenced);
    expect(where(posted)).toEqual([SQL_LINE]);
    expect(posted.check.conclusion).toBe("success");
  });

  it("lists a finding on a file outside the review in the summary, with its reason", async () => {
    const posted = await reviewWith(toolReply([SQL, { ...SQL, path: "src/routes/admin.ts", check_id: "command-injection", title: "Shell from input" }]));
    expect(where(posted)).toEqual([SQL_LINE]);
    expect(posted.body).toContain(
      "**On files that were not part of this review (the reviewer named a path it was not shown):**\n- 🔴 Critical · `src/routes/admin.ts` · `command-injection` Shell from input",
    );
    expect(posted.body).toContain("<sub>2 findings reported: 1 posted inline · 1 on another file</sub>");
  });

  it("puts a finding whose line and quote are nowhere in the diff at file level", async () => {
    const posted = await reviewWith(toolReply([{ ...SQL, line: 0, quote: "db.raw(`DELETE FROM users`)" }]));
    expect(posted.comments).toEqual([]);
    expect(posted.body).toContain("**Not placed on a line (the reported line is outside the diff):**\n- 🔴 Critical · `src/routes/users.ts` · `sql-injection`");
    expect(posted.body).toContain("<sub>1 finding reported (1 repaired: ids, paths, lines or numbers written another way): 1 placed at file level</sub>");
  });

  it("never turns the check green over a finding it could not use, and counts it in the title", async () => {
    const posted = await reviewWith(toolReply([SQL, { ...SQL, severity: "urgent" }, { ...SQL, path: "" }]));
    expect(where(posted)).toEqual([SQL_LINE]);
    expect(posted.check).toMatchObject({ conclusion: "neutral", title: "Reviewed 2 files (1 finding); 2 findings from the reviewer could not be used" });
    expect(posted.body).toContain("> ⚠️ 2 findings from the reviewer could not be used (they named no file or no severity). Re-run the review to try again.");
    expect(posted.body).toContain("<sub>3 findings reported: 1 posted inline · 2 unusable</sub>");
    expect(posted.check.summary).toContain("2 unusable");
  });

  it("counts findings held back by the repository's thresholds by reason", async () => {
    const medium = { ...SQL, severity: "medium", check_id: "missing-pagination", category: "performance", title: "Unbounded list" };
    const unsure = { ...SQL, check_id: "information-leak", title: "Leaks rows", confidence: 0.3 };
    const posted = await reviewWith(toolReply([SQL, medium, unsure, { ...SQL, title: "Same again" }]), "min_severity: high\nmin_confidence: 0.6\n");
    expect(where(posted)).toEqual([SQL_LINE]);
    expect(posted.body).toContain("<sub>4 findings reported: 1 posted inline · 1 duplicate · 1 below min_severity · 1 below min_confidence</sub>");
    expect(posted.check.conclusion).toBe("success");
  });
});

const BACKUP = "src/routes/backup.ts";
const copiedHandlers = (top: string[]) => {
  const patch = copiedHandlersPatch(top);
  const count = copiedHandlerLines(top).length;
  return [{ filename: BACKUP, status: "added", additions: count, deletions: 0, changes: count, patch }];
};

describe("copy-pasted vulnerable lines", () => {
  useNockPerTest();

  it("gets two comments for two identical lines, and a push that edits a line above them repeats neither", async () => {
    const first = capture();
    const app = await createAppUnderTest();
    const firstScopes = mockReviewFlow(first, { files: copiedHandlers([]), reply: toolReply([execFinding(BACKUP, 3), execFinding(BACKUP, 7)]) });
    await app.receive("pull_request", pullRequestPayload());
    expectAllUsed(firstScopes);
    const posted = first.reviews[0]!.comments as { path: string; line: number; body: string }[];
    expect(posted.map((x) => `${x.path}:${x.line}`)).toEqual([`${BACKUP}:3`, `${BACKUP}:7`]);
    const fps = posted.map((x) => parseMarker(x.body)?.fields.fp ?? "");
    expect(new Set(fps).size).toBe(2);

    // The next push adds an import above both handlers; the model reports both copies again.
    const threads = fps.map((fp, i) => ({
      id: `PRRT_${i}`,
      isResolved: false,
      isOutdated: false,
      path: BACKUP,
      comments: { nodes: [{ databaseId: 700 + i, body: `…\n\n${findingMarker(fp, "command-injection", "critical")}`, author: { __typename: "Bot" } }] },
    }));
    const second = capture();
    const again = await createAppUnderTest();
    const oldSha = "b".repeat(40);
    const secondScopes = [
      ...mockReviewFlow(second, {
        files: copiedHandlers(["import { exec } from 'node:child_process';", ""]),
        reply: toolReply([execFinding(BACKUP, 5), execFinding(BACKUP, 9)]),
        history: { reviews: [{ id: 1, body: `summary\n\n${reviewMarker(oldSha)}`, user: { login: "backend-review[bot]", type: "Bot" } }], threads },
      }),
      nock(GITHUB)
        .get(`${EXAMPLE_REPO}/compare/${oldSha}...${EXAMPLE_HEAD_SHA}`)
        .reply(200, { status: "ahead", files: [{ filename: BACKUP, status: "modified", patch: "@@ -0,0 +1,2 @@\n+import { exec } from 'node:child_process';\n+" }] }),
    ];
    await again.receive("pull_request", pullRequestPayload({ action: "synchronize" }));
    expectAllUsed(secondScopes);
    expect(second.reviews[0]!.comments ?? []).toEqual([]);
    expect(second.reviews[0]!.body).toContain("2 findings raised or dismissed in earlier reviews of this pull request are not repeated.");
    expect(second.reviews[0]!.body).toContain("<sub>2 findings reported: 2 already on the pull request</sub>");
  });
});
