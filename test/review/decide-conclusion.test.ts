import { describe, expect, it } from "vitest";
import type { SkippedFile } from "../../src/diff/types.js";
import type { AnchoredFinding } from "../../src/review/anchor-findings.js";
import { decideConclusion, type CheckVerdict, type FailOn } from "../../src/review/decide-conclusion.js";
import type { Severity } from "../../src/review/finding.js";
import type { ReviewReport } from "../../src/review/review-report.js";
import { reviewReport } from "../helpers/review-report.js";

function report(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return reviewReport({ calls: 2, ...overrides });
}

function found(...severities: Severity[]): AnchoredFinding[] {
  return severities.map((severity, i) => ({
    finding: {
      path: "src/a.ts",
      line: i + 1,
      quote: "x",
      severity,
      category: "security",
      check_id: "sql-injection",
      title: "t t t",
      explanation: "e e e",
      fix: "f f f",
      confidence: 0.9,
    },
    path: "src/a.ts",
    line: i + 1,
    fingerprint: "0123456789abcdef",
  }));
}

const skip = (path: string, reason: SkippedFile["reason"]): SkippedFile => ({ path, reason });
const failure = (chunk: number, reason: string) => ({ chunk, paths: ["src/a.ts"], reason });

const CASES: [string, ReviewReport, FailOn, CheckVerdict][] = [
  ["clean", report(), "high", { conclusion: "success", title: "Reviewed 2 files: no findings" }],
  ["clean, one file, docs skipped", report({ reviewed: ["a.go"], skipped: [skip("README.md", "documentation")] }), "high",
    { conclusion: "success", title: "Reviewed 1 file: no findings" }],
  ["criticals with failOn never", report({ inline: found("critical", "critical") }), "never",
    { conclusion: "success", title: "Reviewed 2 files: 2 findings" }],
  ["a high with failOn high", report({ inline: found("high", "low") }), "high",
    { conclusion: "failure", title: "1 finding at or above high severity" }],
  ["overflow and file-level findings count too", report({ overflow: found("critical"), fileLevel: found("high") }), "high",
    { conclusion: "failure", title: "2 findings at or above high severity" }],
  ["a medium below failOn high", report({ inline: found("medium") }), "high",
    { conclusion: "success", title: "Reviewed 2 files: 1 finding" }],
  ["a low with failOn low", report({ inline: found("low") }), "low",
    { conclusion: "failure", title: "1 finding at or above low severity" }],
  ["one of three chunks failed", report({ calls: 3, failures: [failure(2, "model API overloaded after 3 attempts")] }), "high",
    { conclusion: "failure", title: "Review incomplete: 1 of 3 parts failed (model API overloaded after 3 attempts)" }],
  ["all chunks failed, one reason", report({ failures: [failure(1, "model API error 500 after 3 attempts"), failure(2, "model API error 500 after 3 attempts")] }), "never",
    { conclusion: "failure", title: "Review failed: model API error 500 after 3 attempts" }],
  ["findings and a failure: the failure wins", report({ inline: found("low"), calls: 2, failures: [failure(1, "the review was cancelled")] }), "never",
    { conclusion: "failure", title: "Review incomplete: 1 of 2 parts failed (the review was cancelled)" }],
  ["a server file without a patch", report({ skipped: [skip("src/huge.ts", "binary or too large (GitHub sent no diff)")] }), "high",
    { conclusion: "neutral", title: "Reviewed 2 of 3 server-side files (no findings); 1 could not be reviewed" }],
  ["over budget, with a finding below failOn", report({ inline: found("low"), skipped: [skip("src/c.ts", "over the review's token budget")] }), "high",
    { conclusion: "neutral", title: "Reviewed 2 of 3 server-side files (1 finding); 1 could not be reviewed" }],
  ["the only server file over budget", report({ reviewed: [], calls: 0, skipped: [skip("src/c.ts", "over the review's token budget")] }), "high",
    { conclusion: "neutral", title: "Reviewed 0 of 1 server-side file (no findings); 1 could not be reviewed" }],
  ["truncated answers", report({ truncatedChunks: [2] }), "high",
    { conclusion: "neutral", title: "Reviewed 2 files (no findings); some answers were cut off" }],
  ["nothing reviewed", report({ reviewed: [], calls: 0, skipped: [skip("README.md", "documentation")] }), "high",
    { conclusion: "neutral", title: "Nothing to review: no server-side code changed" }],
];

describe("decideConclusion", () => {
  it.each(CASES)("%s", (_name, input, failOn, expected) => {
    expect(decideConclusion(input, failOn)).toEqual(expected);
  });
});

describe("decideConclusion: findings open from earlier reviews, incremental reviews", () => {
  const SINCE = "abc1234def567890abc1234def567890abc12345";
  const unchanged = (...paths: string[]) => paths.map((path) => skip(path, "unchanged since the last review"));
  /** An incremental review whose push touched no server-side code. */
  const nothingNew = report({ since: SINCE, reviewed: [], calls: 0, skipped: unchanged("src/a.ts", "src/b.ts") });

  const EARLIER: [string, ReviewReport, FailOn, Severity[], CheckVerdict][] = [
    ["an open earlier high fails a clean review", report(), "high", ["high"],
      { conclusion: "failure", title: "1 finding at or above high severity (open from earlier reviews)" }],
    ["an open earlier critical counts for fail_on high", report(), "high", ["critical"],
      { conclusion: "failure", title: "1 finding at or above high severity (open from earlier reviews)" }],
    ["two open earlier findings, both blocking", report(), "medium", ["high", "medium"],
      { conclusion: "failure", title: "2 findings at or above medium severity (open from earlier reviews)" }],
    ["new and earlier findings together", report({ inline: found("critical") }), "high", ["high", "high"],
      { conclusion: "failure", title: "3 findings at or above high severity (2 open from earlier reviews)" }],
    ["new blocking findings and earlier ones below fail_on", report({ inline: found("high") }), "high", ["medium", "low"],
      { conclusion: "failure", title: "1 finding at or above high severity" }],
    ["earlier findings below fail_on leave the check green", report(), "high", ["medium", "low"],
      { conclusion: "success", title: "Reviewed 2 files: no findings" }],
    ["fail_on never: earlier criticals never count", report(), "never", ["critical", "critical"],
      { conclusion: "success", title: "Reviewed 2 files: no findings" }],
    ["fail_on never with new findings too", report({ inline: found("critical") }), "never", ["critical"],
      { conclusion: "success", title: "Reviewed 2 files: 1 finding" }],
    ["a failed review still says so first", report({ failures: [failure(1, "model API error 500 after 3 attempts"), failure(2, "model API error 500 after 3 attempts")] }), "high", ["critical"],
      { conclusion: "failure", title: "Review failed: model API error 500 after 3 attempts" }],
    ["an incremental review with nothing new is green", nothingNew, "high", [],
      { conclusion: "success", title: "No server-side changes since abc1234" }],
    ["an incremental review with nothing new, earlier high still open", nothingNew, "high", ["high"],
      { conclusion: "failure", title: "1 finding at or above high severity (open from earlier reviews)" }],
    ["an incremental review with nothing new, earlier medium open below fail_on", nothingNew, "high", ["medium"],
      { conclusion: "success", title: "No server-side changes since abc1234" }],
    ["an incremental review that only touched docs", report({ since: SINCE, reviewed: [], calls: 0, skipped: [...unchanged("src/a.ts"), skip("README.md", "documentation")] }), "high", [],
      { conclusion: "success", title: "No server-side changes since abc1234" }],
    ["an incremental review whose only new server file had no diff is not green", report({ since: SINCE, reviewed: [], calls: 0, skipped: [skip("src/huge.ts", "binary or too large (GitHub sent no diff)")] }), "high", [],
      { conclusion: "neutral", title: "Reviewed 0 of 1 server-side file (no findings); 1 could not be reviewed" }],
    ["an incremental review that read files reads like any other", report({ since: SINCE, reviewed: ["src/a.ts"], calls: 1, skipped: unchanged("src/b.ts") }), "high", [],
      { conclusion: "success", title: "Reviewed 1 file: no findings" }],
  ];

  it.each(EARLIER)("%s", (_name, input, failOn, openEarlier, expected) => {
    expect(decideConclusion(input, failOn, openEarlier)).toEqual(expected);
  });

  it("treats a missing openEarlier like an empty one", () => {
    expect(decideConclusion(report({ inline: found("high") }), "high")).toEqual(decideConclusion(report({ inline: found("high") }), "high", []));
  });
});
