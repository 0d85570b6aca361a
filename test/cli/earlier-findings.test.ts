import type { Log } from "sarif";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliFinding } from "../../src/cli/cli-findings.js";
import { selectEarlierFindings, type EarlierFinding } from "../../src/cli/earlier-findings.js";
import { FINGERPRINT_KEY, renderSarif } from "../../src/cli/format-sarif.js";
import { DEFAULT_AGENT_PATH, loadAgentFile, type AgentDefinition } from "../../src/review/agent.js";
import type { Finding } from "../../src/review/finding.js";
import type { FindingThread } from "../../src/review/finding-threads.js";
import { sarifErrors } from "../fixtures/sarif/validate-sarif.js";
import { reviewReport } from "../helpers/review-report.js";

function thread(overrides: Partial<FindingThread> = {}): FindingThread {
  return {
    threadId: "PRRT_1",
    commentId: 1,
    path: "src/routes/users.ts",
    fingerprint: "aa11",
    checkId: "sql-injection",
    severity: "critical",
    isResolved: false,
    isOutdated: false,
    dismissed: false,
    humanReplied: false,
    line: 9,
    title: "SQL built from request input",
    ...overrides,
  };
}

function raised(fingerprint: string): CliFinding {
  const finding: Finding = {
    path: "src/lib/token.ts",
    line: 11,
    quote: "Math.random()",
    severity: "high",
    category: "security",
    check_id: "insecure-randomness",
    title: "Token from Math.random()",
    explanation: "Predictable.",
    fix: "Use crypto.randomBytes.",
    confidence: 0.9,
  };
  return { finding, path: "src/lib/token.ts", startLine: 11, endLine: 11, placed: true, fingerprint };
}

describe("selectEarlierFindings: which earlier findings still stand", () => {
  it.each<[string, Partial<FindingThread>, boolean]>([
    ["an open thread", {}, true],
    ["an open thread a person replied in", { humanReplied: true }, true],
    ["an outdated open thread (its code may still be there)", { isOutdated: true, line: undefined }, true],
    ["a resolved thread", { isResolved: true }, false],
    ["a dismissed thread", { dismissed: true }, false],
    ["a thread without a check id (no rule to show it under)", { checkId: "" }, false],
  ])("%s → %s", (_name, overrides, kept) => {
    expect(selectEarlierFindings([thread(overrides)], []).length).toBe(kept ? 1 : 0);
  });

  it("leaves out a finding this review raised again, and a fingerprint seen twice", () => {
    const threads = [thread({ fingerprint: "aa11" }), thread({ fingerprint: "bb22", threadId: "PRRT_2" }), thread({ fingerprint: "bb22", threadId: "PRRT_3" })];
    expect(selectEarlierFindings(threads, [raised("aa11")]).map((e) => e.fingerprint)).toEqual(["bb22"]);
  });

  it("places a finding on its thread's current lines, an outdated one on the file's first line", () => {
    const threads = [
      thread({ fingerprint: "01", line: 14, startLine: 12, severity: "low" }),
      thread({ fingerprint: "02", path: "src/b.ts", line: undefined, startLine: undefined, isOutdated: true, severity: "high" }),
    ];
    expect(selectEarlierFindings(threads, [])).toEqual<EarlierFinding[]>([
      { fingerprint: "02", checkId: "sql-injection", severity: "high", path: "src/b.ts", startLine: 1, endLine: 1, onLine: false, title: "SQL built from request input" },
      { fingerprint: "01", checkId: "sql-injection", severity: "low", path: "src/routes/users.ts", startLine: 12, endLine: 14, onLine: true, title: "SQL built from request input" },
    ]);
  });
});

describe("renderSarif with earlier findings", () => {
  let agent: AgentDefinition;
  beforeAll(async () => {
    agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  });

  const render = (findings: CliFinding[], earlier: EarlierFinding[]) => {
    const log = JSON.parse(renderSarif(reviewReport(), findings, agent, { automationId: "backend-review/app/", earlier })) as Log;
    expect(sarifErrors(log)).toEqual([]);
    return log.runs[0];
  };

  it("adds each earlier finding after this review's, with its fingerprint, rule, level and title", () => {
    const run = render([raised("cc33")], selectEarlierFindings([thread({ line: 9 })], []));
    expect(run?.results?.map((r) => [r.ruleId, r.level, r.locations?.[0]?.physicalLocation?.region, r.partialFingerprints?.[FINGERPRINT_KEY]])).toEqual([
      ["insecure-randomness", "error", { startLine: 11, endLine: 11 }, "cc33"],
      ["sql-injection", "error", { startLine: 9, endLine: 9 }, "aa11"],
    ]);
    const earlier = run?.results?.[1];
    expect(earlier?.message.text).toBe("SQL built from request input\n\nRaised in an earlier review of this pull request; its review thread is still open and has the details.");
    expect(earlier?.ruleIndex).toBe(run?.tool.driver.rules?.findIndex((r) => r.id === "sql-injection"));
    expect(earlier?.properties).toEqual({ severity: "critical", onDiff: true, earlierReview: true });
  });

  it("scores an earlier-only rule by its marker's severity, with no precision (no confidence was recorded)", () => {
    const run = render([], selectEarlierFindings([thread({ severity: "medium" })], []));
    const rule = run?.tool.driver.rules?.[0];
    expect(rule?.id).toBe("sql-injection");
    expect(rule?.properties?.["security-severity"]).toBe("5.5");
    expect(rule?.properties?.precision).toBeUndefined();
  });

  it("takes the worst severity of this review's and the earlier findings of one check", () => {
    const now = { ...raised("cc33"), finding: { ...raised("cc33").finding, check_id: "sql-injection", severity: "medium" as const, confidence: 0.95 } };
    const run = render([now], selectEarlierFindings([thread({ severity: "critical" })], []));
    expect(run?.tool.driver.rules?.map((r) => [r.id, r.properties?.["security-severity"], r.properties?.precision])).toEqual([["sql-injection", "9.5", "very-high"]]);
  });

  it("shows an outdated finding at the top of its file, and one from before severities were recorded without a level", () => {
    const run = render([], selectEarlierFindings([thread({ line: undefined, isOutdated: true, severity: undefined, title: undefined })], []));
    const [result] = run?.results ?? [];
    expect(result?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 1, endLine: 1 });
    expect(result?.level).toBeUndefined();
    expect(result?.message.text).toBe(
      "A finding of the check sql-injection\n\nRaised in an earlier review of this pull request; its review thread is still open and has the details. The lines it was raised on have changed since; it is shown at the top of the file.",
    );
    expect(run?.tool.driver.rules?.[0]?.properties?.["security-severity"]).toBeUndefined();
  });
});
