import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { GitHubPort } from "../../src/github/github-port.js";
import { guardAttempt } from "../../src/jobs/attempt-guard.js";
import type { SharedAttempt } from "../../src/jobs/review-queue.js";
import { isTransientGitHubError, isTransientModelError } from "../../src/jobs/transient-error.js";
import { silentLogger } from "../../src/review/logger.js";
import { ModelCallError, type ReviewModel } from "../../src/review/model.js";
import type { ReviewDraft } from "../../src/review/build-review-draft.js";

const ref = { owner: "acme", repo: "api", pullNumber: 42, headSha: "a".repeat(40) };
const output = { verdict: { conclusion: "failure" as const, title: "Review failed" }, summary: "failed" };
const httpError = (status: number, message = "Server Error", headers: Record<string, string> = {}) => Object.assign(new Error(message), { status, response: { headers } });

/** A GitHub port that records every call by name; `fail` makes one method reject. */
function fakeGitHub(fail: Partial<Record<keyof GitHubPort, unknown>> = {}): { port: GitHubPort; calls: string[] } {
  const calls: string[] = [];
  const call =
    <R>(name: keyof GitHubPort, value: R) =>
    async (): Promise<R> => {
      calls.push(name);
      if (name in fail) throw fail[name];
      return value;
    };
  const port: GitHubPort = {
    listFiles: call("listFiles", []),
    startCheck: call("startCheck", 77),
    completeCheck: call("completeCheck", undefined),
    postReview: call("postReview", { id: 1, folded: false }),
    createCompletedCheck: call("createCompletedCheck", undefined),
    postNotice: call("postNotice", undefined),
    listBotComments: call("listBotComments", []),
    updateComment: call("updateComment", undefined),
    loadConfig: call("loadConfig", { ok: false, problems: [] }),
    readDefaultBranchFile: call("readDefaultBranchFile", undefined),
    listReviewedShas: call("listReviewedShas", []),
    listFindingThreads: call("listFindingThreads", []),
    compareCommits: call("compareCommits", undefined),
    replyInThread: call("replyInThread", undefined),
    resolveThread: call("resolveThread", undefined),
    uploadSarif: call("uploadSarif", { id: "sarif-1" }),
    readHeadFiles: call("readHeadFiles", new Map<string, string>()),
  };
  return { port, calls };
}

const model: ReviewModel = {
  reportFindings: async () => {
    throw new ModelCallError("model API overloaded after 1 attempt", { cause: new Anthropic.APIError(529, undefined, "Overloaded", new Headers()) });
  },
  explain: async () => ({ text: "", usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } }),
};

function shared(overrides: Partial<SharedAttempt> = {}): SharedAttempt & { kept: number[] } {
  const kept: number[] = [];
  return { mayPost: async () => undefined, retriable: true, checkRunId: undefined, keepCheckRun: async (id) => void kept.push(id), kept, ...overrides };
}

const guard = (github: GitHubPort, attempt: SharedAttempt) => guardAttempt({ github, model, ref, signal: new AbortController().signal, shared: attempt, log: silentLogger });
const draft = {} as ReviewDraft;

describe("guardAttempt: retries never double-post", () => {
  it("stops an attempt at a GitHub 502 before posting and holds back the failure reports", async () => {
    const { port, calls } = fakeGitHub({ listFiles: httpError(502) });
    const attempt = guard(port, shared());
    await expect(attempt.github.listFiles(ref)).rejects.toThrow();
    expect(attempt.retrying()).toBe("GitHub was unavailable while running the review (502)");
    expect(attempt.signal.reason).toBe("retrying: GitHub was unavailable while running the review (502)");
    await attempt.github.completeCheck(ref, 77, output);
    await attempt.github.postNotice(ref, "could not be completed");
    expect(calls).toEqual(["listFiles"]);
  });

  it("reports as before on the last attempt", async () => {
    const { port, calls } = fakeGitHub({ listFiles: httpError(502) });
    const attempt = guard(port, shared({ retriable: false }));
    await expect(attempt.github.listFiles(ref)).rejects.toThrow();
    await attempt.github.postNotice(ref, "could not be completed");
    expect(attempt.retrying()).toBeUndefined();
    expect(calls).toEqual(["listFiles", "postNotice"]);
  });

  it("never retries once the review post was attempted, even when that post failed", async () => {
    const { port } = fakeGitHub({ postReview: httpError(502), completeCheck: httpError(503) });
    const attempt = guard(port, shared());
    await expect(attempt.github.postReview(ref, draft)).rejects.toThrow();
    await expect(attempt.github.completeCheck(ref, 77, output)).rejects.toThrow();
    expect(attempt.retrying()).toBeUndefined();
  });

  it("retries on an overloaded model and tells it from our own cancellation", async () => {
    const attempt = guard(fakeGitHub().port, shared());
    await expect(attempt.model.reportFindings({ model: "m", system: "", prompt: "", maxOutputTokens: 1 })).rejects.toThrow();
    expect(attempt.retrying()).toBe("model API overloaded after 1 attempt");
    expect(isTransientModelError(new ModelCallError("cancelled", { cause: new Anthropic.APIUserAbortError() }))).toBe(false);
    expect(isTransientModelError(new ModelCallError("timed out", { cause: new Anthropic.APIConnectionTimeoutError() }))).toBe(true);
    expect(isTransientModelError(new ModelCallError("bad key", { cause: new Anthropic.APIError(401, undefined, "no", new Headers()) }))).toBe(false);
  });

  it.each([
    [502, "Bad Gateway", {}, true],
    [429, "Too Many Requests", {}, true],
    [403, "You have exceeded a secondary rate limit", {}, true],
    [403, "Forbidden", { "retry-after": "60" }, true],
    [403, "Resource not accessible by integration", {}, false],
    [404, "Not Found", {}, false],
    [422, "Unprocessable", {}, false],
  ])("GitHub %i %s is transient: %s", (status, message, headers, transient) => {
    expect(isTransientGitHubError(httpError(status, message, headers))).toBe(transient);
  });

  it("keeps one check run across attempts: reuses it, and completes it instead of creating another", async () => {
    const first = fakeGitHub();
    const attempt1 = shared();
    expect(await guard(first.port, attempt1).github.startCheck(ref)).toBe(77);
    expect(attempt1.kept).toEqual([77]);

    const second = fakeGitHub();
    const attempt2 = guard(second.port, shared({ checkRunId: 77 }));
    expect(await attempt2.github.startCheck(ref)).toBe(77);
    await attempt2.github.createCompletedCheck(ref, output);
    expect(second.calls).toEqual(["completeCheck"]);
  });

  it("posts nothing once a newer head was queued, and cancels as superseded", async () => {
    const { port, calls } = fakeGitHub();
    const attempt = guard(port, shared({ mayPost: async () => "superseded by bbbbbbbbbb" }));
    await expect(attempt.github.postReview(ref, draft)).rejects.toThrow("review not posted: superseded by bbbbbbbbbb");
    expect(attempt.signal.reason).toBe("superseded by bbbbbbbbbb");
    expect(calls).toEqual([]);
  });

  it("completes an inherited check run when the job turns out superseded or up to date", async () => {
    const superseded = fakeGitHub();
    await guard(superseded.port, shared({ checkRunId: 77 })).abandon("superseded by bbbbbbbbbb");
    const upToDate = fakeGitHub();
    await guard(upToDate.port, shared({ checkRunId: 77 })).finish({ status: "up-to-date", sha: ref.headSha });
    const fresh = fakeGitHub();
    await guard(fresh.port, shared()).finish({ status: "up-to-date", sha: ref.headSha });
    expect([superseded.calls, upToDate.calls, fresh.calls]).toEqual([["completeCheck"], ["completeCheck"], []]);
  });
});
