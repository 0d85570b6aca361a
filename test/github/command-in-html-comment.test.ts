/** What a reader cannot see does not run: a command hidden in an HTML comment makes no request at all. */
import { describe, expect, it } from "vitest";
import { createAppUnderTest, unmatchedRequests } from "../helpers/app-under-test.js";
import { useNockPerTest } from "../helpers/review-mocks.js";
import { issueCommentPayload } from "../helpers/webhook-payloads.js";

describe("a command GitHub does not show", () => {
  useNockPerTest();

  it.each([
    ["an HTML comment", "LGTM.\n<!--\n/review full\n-->"],
    ["an HTML block", "<details>\n/review full\n</details>"],
    ["a quote's lazy continuation", "> you said\n/review full"],
  ])("in %s does nothing: no reaction, no reply, no review", async (_label, body) => {
    const app = await createAppUnderTest();
    await app.receive("issue_comment", issueCommentPayload(body));
    // nock allows no connection: any reaction, permission check or review would be an unmatched request.
    expect(unmatchedRequests()).toEqual([]);
  });
});
