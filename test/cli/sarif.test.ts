import nock from "nock";
import type { Log, ReportingDescriptor } from "sarif";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CliFinding } from "../../src/cli/cli-findings.js";
import { precisionOf, renderSarif } from "../../src/cli/format-sarif.js";
import { DEFAULT_AGENT_PATH, listChecks, loadAgentFile, type AgentDefinition } from "../../src/review/agent.js";
import { SEVERITIES } from "../../src/review/finding.js";
import { sarifErrors } from "../fixtures/sarif/validate-sarif.js";
import { reviewReport } from "../helpers/review-report.js";
import { runCliForTest } from "./helpers/cli-harness.js";
import { expectNoPendingMocks } from "./helpers/nock-guard.js";
import { featureRepo, USERS_ROUTE } from "./helpers/feature-repo.js";
import { finding, mockModel, toolUseReply } from "./helpers/model-mocks.js";
import type { TempRepo } from "./helpers/temp-repo.js";

let repo: TempRepo;
let agent: AgentDefinition;
const env = (r: TempRepo = repo) => ({ ...r.env, ANTHROPIC_API_KEY: "sk-ant-test" });

beforeAll(async () => {
  nock.disableNetConnect();
  agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  repo = featureRepo();
  repo.write("src/api/a b#c.ts", "export const handler = (q: string) => fetch(q);\n");
  repo.commit("odd file name");
});
afterEach(expectNoPendingMocks);
afterAll(() => {
  nock.enableNetConnect();
  repo.remove();
});

async function sarifFor(reply: { status: number; body: unknown }, at: TempRepo = repo): Promise<{ log: Log; code: number }> {
  mockModel([], reply);
  const result = await runCliForTest(["diff", "--format", "sarif"], { env: env(at), cwd: at.dir });
  const log = JSON.parse(result.stdout) as Log;
  expect(sarifErrors(log)).toEqual([]);
  return { log, code: result.code };
}

const rulesOf = (log: Log): ReportingDescriptor[] => log.runs[0]?.tool.driver.rules ?? [];

describe("--format sarif", () => {
  it("writes one run valid against the official SARIF 2.1.0 schema: rules with help, levels, regions, fingerprints", async () => {
    const { log } = await sarifFor({
      status: 200,
      body: toolUseReply([
        finding({ severity: "low", check_id: "information-leak", line: 40, quote: "res.send(err.stack)", title: "Stack trace sent", confidence: 0.6 }),
        finding({ path: "src/api/a b#c.ts", line: 1, quote: "export const handler = (q: string) => fetch(q);", severity: "medium", check_id: "made-up-check" }),
        finding({ end_line: 6 }),
      ]),
    });
    const run = log.runs[0];
    expect(log.runs).toHaveLength(1);
    expect(run?.tool.driver).toMatchObject({ name: "backend-review", version: "0.1.0" });
    expect(rulesOf(log).map((r) => r.id)).toEqual(["sql-injection", "information-leak", "made-up-check"]);
    const [sql, leak, madeUp] = rulesOf(log);
    expect(sql).toMatchObject({
      id: "sql-injection",
      name: "SqlInjection",
      shortDescription: { text: "SQL injection" },
      fullDescription: {
        text: "Request-controlled data concatenated or interpolated into SQL text instead of bound as a parameter.",
        markdown: "Request-controlled data concatenated or interpolated into SQL text instead of bound as a parameter.",
      },
      helpUri: "https://cwe.mitre.org/data/definitions/89.html",
      properties: { tags: ["security", "external/cwe/cwe-089"], "security-severity": "8.0", precision: "very-high" },
    });
    expect(sql?.help?.text).toMatch(/^SQL injection \(security; CWE-89\)\n\nWhat it is: Request-controlled data .*\n\nWhy it matters: .+\n\nHow to fix: .+/);
    expect(sql?.help?.markdown).toContain("## SQL injection");
    expect(sql?.help?.markdown).toContain("### References\n\n[CWE-89](https://cwe.mitre.org/data/definitions/89.html)");
    expect(leak?.properties).toEqual({ tags: ["security", "external/cwe/cwe-209"], "security-severity": "3.0", precision: "medium" });
    // An id the model invented: honest help, no CWE guessed.
    expect(madeUp).toMatchObject({ shortDescription: { text: "Made up check" }, properties: { tags: ["security"], "security-severity": "5.5" } });
    expect(madeUp?.helpUri).toBeUndefined();
    expect(madeUp?.fullDescription?.text).toBe("A security finding under made-up-check, an id that is not in the reviewer's checklist; each alert's message describes it.");
    expect(run?.results?.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r.locations?.[0]?.physicalLocation?.region])).toEqual([
      ["sql-injection", 0, "error", "src/routes/users.ts", { startLine: 5, endLine: 6 }],
      ["made-up-check", 2, "warning", "src/api/a%20b%23c.ts", { startLine: 1, endLine: 1 }],
      ["information-leak", 1, "note", "src/routes/users.ts", { startLine: 40, endLine: 40 }],
    ]);
    for (const result of run?.results ?? []) expect(result.partialFingerprints?.["backendReviewFinding/v1"]).toMatch(/^[0-9a-f]{16,}$/);
    expect(run?.results?.[0]?.message.text).toBe(
      "SQL built from a request parameter\n\nThe id from the URL is interpolated into the SQL text, so a caller can change the query.\n\nFix: Bind the id as a query parameter.",
    );
    expect(run?.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it("keeps a finding's partialFingerprints when a later push moves its line", async () => {
    const moved = featureRepo();
    try {
      const first = await sarifFor({ status: 200, body: toolUseReply([finding()]) }, moved);
      moved.write("src/routes/users.ts", `// users\n// routes\n${USERS_ROUTE}`);
      moved.commit("comments above");
      const quote = "  const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;";
      const second = await sarifFor({ status: 200, body: toolUseReply([finding({ line: 7, quote })]) }, moved);
      const [before, after] = [first, second].map(({ log }) => log.runs[0]?.results?.[0]);
      expect(after?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(7);
      expect(after?.partialFingerprints).toEqual(before?.partialFingerprints);
    } finally {
      moved.remove();
    }
  });

  it("stays valid with no findings and a failed model call, which it reports as a failed invocation", async () => {
    const { log, code } = await sarifFor({ status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "x" } } });
    expect(code).toBe(3);
    expect(log.runs[0]?.results).toEqual([]);
    expect(log.runs[0]?.invocations?.[0]).toMatchObject({
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: "error", message: { text: expect.stringContaining("model API rejected the request (400)") } }],
    });
  });

  it("is checked against a schema strict enough to catch a misspelt property or an unknown level", () => {
    const bad = { version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "critical", partialFingerprint: {} }] }] };
    expect(sarifErrors(bad)).toEqual([
      "/runs/0/results/0: must NOT have additional properties",
      "/runs/0/results/0/level: must be equal to one of the allowed values",
    ]);
  });
});

/** One finding of `checkId` on its own line, as the CLI collects them. */
function cliFinding(checkId: string, category: string, line: number, severity: (typeof SEVERITIES)[number] = "high", confidence = 0.8): CliFinding {
  const f = finding({ check_id: checkId, category, line, severity, confidence }) as CliFinding["finding"];
  return { finding: f, path: "src/app.ts", startLine: line, endLine: line, placed: true, fingerprint: `${checkId}-fp` };
}

describe("renderSarif rules", () => {
  const checks = () => listChecks(agent.prompt);

  it("gives every security check of the checklist help, a security severity, the security tag and a CWE", () => {
    const findings = checks().map((c, i) => cliFinding(c.id, c.category, i + 1));
    const log = JSON.parse(renderSarif(reviewReport(), findings, agent)) as Log;
    expect(sarifErrors(log)).toEqual([]);
    const security = rulesOf(log).filter((r) => checks().find((c) => c.id === r.id)?.category === "security");
    expect(security.length).toBeGreaterThanOrEqual(30);
    for (const rule of security) {
      const problems = [
        !rule.help?.text.includes("Why it matters:") && "help text",
        !rule.help?.markdown?.includes("### How to fix") && "help markdown",
        !rule.fullDescription?.text && "fullDescription",
        !/^\d+\.\d$/.test(String(rule.properties?.["security-severity"])) && "security-severity",
        !rule.properties?.tags?.includes("security") && "security tag",
        !rule.properties?.tags?.some((t) => /^external\/cwe\/cwe-\d{3,}$/.test(t)) && "CWE tag",
        !rule.helpUri?.startsWith("https://cwe.mitre.org/data/definitions/") && "helpUri",
      ].filter(Boolean);
      expect(problems, rule.id).toEqual([]);
    }
  });

  it("scores a security rule by its worst finding in the run, inside GitHub's bands", () => {
    const scores = SEVERITIES.map((severity) => {
      const log = JSON.parse(renderSarif(reviewReport(), [cliFinding("ssrf", "security", 3, severity)], agent)) as Log;
      return [severity, Number(rulesOf(log)[0]?.properties?.["security-severity"])];
    });
    expect(scores).toEqual([
      ["critical", 9.5],
      ["high", 8],
      ["medium", 5.5],
      ["low", 3],
    ]);
    const mixed = [cliFinding("ssrf", "security", 3, "medium", 0.95), cliFinding("ssrf", "security", 9, "critical", 0.7)];
    const rule = rulesOf(JSON.parse(renderSarif(reviewReport(), mixed, agent)) as Log)[0];
    expect(rule?.properties).toMatchObject({ "security-severity": "9.5", precision: "medium" });
  });

  it("gives a performance rule its category and CWE tags but no security severity", () => {
    const log = JSON.parse(renderSarif(reviewReport(), [cliFinding("n-plus-one-query", "performance", 3)], agent)) as Log;
    expect(rulesOf(log)[0]).toMatchObject({ shortDescription: { text: "N+1 query" }, properties: { tags: ["performance", "external/cwe/cwe-1073"], precision: "high" } });
    expect(rulesOf(log)[0]?.properties?.["security-severity"]).toBeUndefined();
  });

  it("uses the finding's own fingerprint and names the analysis when asked", () => {
    const log = JSON.parse(renderSarif(reviewReport(), [cliFinding("ssrf", "security", 3)], agent, { automationId: "backend-review/app/" })) as Log;
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0]?.automationDetails).toEqual({ id: "backend-review/app/" });
    expect(log.runs[0]?.results?.[0]?.partialFingerprints).toEqual({ "backendReviewFinding/v1": "ssrf-fp" });
  });

  it.each([
    [0.95, "very-high"],
    [0.9, "very-high"],
    [0.8, "high"],
    [0.5, "medium"],
    [0.3, "low"],
  ] as const)("words confidence %d as precision %s", (confidence, precision) => {
    expect(precisionOf(confidence)).toBe(precision);
  });
});
