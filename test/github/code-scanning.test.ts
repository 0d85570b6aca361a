import { gunzipSync } from "node:zlib";
import nock from "nock";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import type { GitHubPort } from "../../src/github/github-port.js";
import { uploadReviewToCodeScanning } from "../../src/github/upload-code-scanning.js";
import { DEFAULT_AGENT_PATH, loadAgentFile } from "../../src/review/agent.js";
import { GITHUB, createAppUnderTest } from "../helpers/app-under-test.js";
import { toolReply } from "../helpers/anthropic-replies.js";
import { capture, expectAllUsed, mockReviewFlow, useNockPerTest, type Captured } from "../helpers/review-mocks.js";
import { EXAMPLE_HEAD_SHA, EXAMPLE_REPO, pullRequestPayload } from "../helpers/webhook-payloads.js";
import { reviewPrFiles, sqlInjectionFinding, weakRandomFinding } from "../fixtures/pull-request-files.js";
import { sarifErrors } from "../fixtures/sarif/validate-sarif.js";
import { REPORT_SHA, reviewReport } from "../helpers/review-report.js";
import { silentLogger } from "../../src/review/logger.js";

interface UploadBody {
  commit_sha: string;
  ref: string;
  sarif: string;
  tool_name?: string;
}

/** The upload as GitHub receives it, with how many reviews had been posted at that moment. */
function mockUpload(c: Captured, seen: { body?: UploadBody; reviewsBefore?: number }, status = 202) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/code-scanning/sarifs`, (body: UploadBody) => {
      seen.body = body;
      seen.reviewsBefore = c.reviews.length;
      return true;
    })
    .reply(status, status === 202 ? { id: "47177e22-5596-11eb-80a1-c1e54ef945c6", url: "https://api.github.com/repos/x/y/code-scanning/sarifs/1" } : { message: "Advanced Security must be enabled for this repository to use code scanning." });
}

function decode(sarif: string): Log {
  return JSON.parse(gunzipSync(Buffer.from(sarif, "base64")).toString("utf8")) as Log;
}

const summaryOf = (c: Captured) => (c.checkUpdate?.output as { summary: string }).summary;

describe("code scanning upload (code_scanning: true)", () => {
  useNockPerTest();

  it("uploads the review's findings as gzipped, base64 SARIF for the PR's head, after the review is posted", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const seen: { body?: UploadBody; reviewsBefore?: number } = {};
    const scopes = [
      ...mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([sqlInjectionFinding, weakRandomFinding]), config: "code_scanning: true\n" }),
      mockUpload(c, seen),
    ];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(seen.reviewsBefore).toBe(1);
    expect(seen.body).toMatchObject({ commit_sha: EXAMPLE_HEAD_SHA, ref: "refs/pull/2/head", tool_name: "backend-review" });
    const log = decode(seen.body?.sarif ?? "");
    expect(sarifErrors(log)).toEqual([]);
    const run = log.runs[0];
    expect(run?.automationDetails).toEqual({ id: "backend-review/app/" });
    expect(run?.results?.map((r) => [r.ruleId, r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r.locations?.[0]?.physicalLocation?.region?.startLine])).toEqual([
      ["sql-injection", "src/routes/users.ts", 9],
      ["insecure-randomness", "src/lib/token.ts", 11],
    ]);
    for (const result of run?.results ?? []) expect(Object.values(result.partialFingerprints ?? {})).toHaveLength(1);
    expect(run?.tool.driver.rules?.find((r) => r.id === "sql-injection")?.properties).toMatchObject({
      "security-severity": "9.5",
      tags: ["security", "external/cwe/cwe-089"],
    });
    expect(c.checkUpdate).toMatchObject({ conclusion: "success" });
    expect(summaryOf(c)).toContain("**Code scanning:** uploaded 2 findings of this review.");
  });

  it("keeps the review and a green check when GitHub refuses the upload, and says why in the check run", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const seen: { body?: UploadBody } = {};
    const scopes = [
      ...mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([sqlInjectionFinding]), config: "code_scanning: true\n" }),
      mockUpload(c, seen, 403),
    ];

    await app.receive("pull_request", pullRequestPayload());

    expectAllUsed(scopes);
    expect(c.reviews).toHaveLength(1);
    expect(c.checkUpdate).toMatchObject({ status: "completed", conclusion: "success", output: { title: "Reviewed 2 files: 1 finding" } });
    expect(summaryOf(c)).toContain(
      "**Code scanning:** not uploaded: GitHub refused it (403): the App needs the security_events write permission, and the repository needs code scanning (GitHub Code Security on a private repository). The review above is complete; the next review tries again.",
    );
  });

  it("uploads nothing when the repository has not opted in", async () => {
    const app = await createAppUnderTest();
    const c = capture();
    const scopes = mockReviewFlow(c, { files: reviewPrFiles(), reply: toolReply([sqlInjectionFinding]) });

    await app.receive("pull_request", pullRequestPayload());

    // An upload would be an unmatched request, which the per-test guard fails on.
    expectAllUsed(scopes);
    expect(summaryOf(c)).not.toContain("Code scanning");
  });
});

describe("uploadReviewToCodeScanning", () => {
  const agentFile = loadAgentFile(DEFAULT_AGENT_PATH);
  const ref = { owner: "acme", repo: "api", pullNumber: 42, headSha: REPORT_SHA };
  const logged: string[] = [];
  const log = { ...silentLogger, warn: (_obj: unknown, message?: string) => void logged.push(message ?? "") };

  function portThat(upload: GitHubPort["uploadSarif"]): GitHubPort {
    // Only uploadSarif is called; the rest of the port is never reached.
    return { uploadSarif: upload } as Partial<GitHubPort> as GitHubPort;
  }

  it("says when this review covered only the changes since an earlier review", async () => {
    const sent: string[] = [];
    const port = portThat(async (_ref, sarif) => (sent.push(sarif), { id: "u1" }));
    const line = await uploadReviewToCodeScanning(ref, reviewReport({ since: "abcdef0123456789abcdef0123456789abcdef01" }), { github: port, agent: await agentFile, log });
    expect(line).toBe("**Code scanning:** uploaded 0 findings of this review (the changes since `abcdef0`).");
    expect(sarifErrors(JSON.parse(sent[0] ?? "{}"))).toEqual([]);
  });

  it("logs a failed upload with the reason and returns it for the check run, without throwing", async () => {
    logged.length = 0;
    const port = portThat(async () => {
      throw Object.assign(new Error("Service Unavailable"), { status: 503 });
    });
    const line = await uploadReviewToCodeScanning(ref, reviewReport(), { github: port, agent: await agentFile, log });
    expect(line).toBe("**Code scanning:** not uploaded: GitHub was unavailable while uploading to code scanning (503). The review above is complete; the next review tries again.");
    expect(logged).toEqual(["code scanning upload failed: GitHub was unavailable while uploading to code scanning (503)"]);
  });
});
