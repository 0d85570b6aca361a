import type nock from "nock";
import { describe, expect, it } from "vitest";
import { validate } from "@octokit/graphql-schema";
import { reviewPrFiles, sqlInjectionFinding } from "../fixtures/pull-request-files.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import { createAppUnderTest } from "../helpers/app-under-test.js";
import { historyRequests } from "../helpers/history-mocks.js";
import { capture, expectAllUsed, mockReviewFlow, useNockPerTest } from "../helpers/review-mocks.js";
import { pullRequestPayload } from "../helpers/webhook-payloads.js";

/** Every request GitHub (not the model API) received through these scopes, in order. */
function countGitHubRequests(scopes: readonly nock.Scope[]): string[] {
  const seen: string[] = [];
  for (const scope of new Set(scopes)) {
    scope.on("request", (req: { method: string; path: string; options: { hostname?: string; host?: string } }, _interceptor: unknown, body: string) => {
      if ((req.options.hostname ?? req.options.host) !== "api.github.com") return;
      const query = req.path === "/graphql" ? ` ${/org: repository/.test(body) ? "history" : /object\(expression:/.test(body) ? "head files" : "other"}` : "";
      seen.push(`${req.method} ${req.path.split("?")[0]}${query}`);
    });
  }
  return seen;
}

const HEAD_TEXT = Array.from({ length: 12 }, (_, n) => `// line ${n + 1}`).join("\n");

describe("GitHub requests of one review", () => {
  useNockPerTest();

  it.each([
    ["no configuration file anywhere", undefined],
    ["the repository's configuration file", "fail_on: high\n"],
  ])("a one-file pull request costs at most ⌈files/100⌉ + 6 requests (%s)", async (_name, config) => {
    const app = await createAppUnderTest();
    const c = capture();
    const files = reviewPrFiles().slice(0, 1);
    const scopes = mockReviewFlow(c, { files, config, reply: toolReply([sqlInjectionFinding]), headFiles: { "src/routes/users.ts": HEAD_TEXT } });
    const requests = countGitHubRequests(scopes);

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
    expect(requests).toEqual([
      "POST /app/installations/1/access_tokens",
      // Configuration (repository and org), the bot's comments, reviews and threads: one query.
      "POST /graphql history",
      "POST /repos/Codertocat/Hello-World/check-runs",
      "GET /repos/Codertocat/Hello-World/pulls/2/files",
      "POST /graphql head files",
      "POST /repos/Codertocat/Hello-World/pulls/2/reviews",
      "PATCH /repos/Codertocat/Hello-World/check-runs/77",
    ]);
    expect(requests.length).toBeLessThanOrEqual(Math.ceil(files.length / 100) + 6);
  });

  it("asks GitHub's GraphQL API for the history with a query valid against its schema", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: reviewPrFiles().slice(0, 1), reply: toolReply([]) });

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    const [read] = historyRequests();
    expect(validate(read?.query ?? "")).toEqual([]);
  });
});
