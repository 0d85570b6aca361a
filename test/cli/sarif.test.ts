import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import nock from "nock";
import type { Log } from "sarif";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCliForTest } from "./helpers/cli-harness.js";
import { expectNoPendingMocks } from "./helpers/nock-guard.js";
import { featureRepo } from "./helpers/feature-repo.js";
import { finding, mockModel, toolUseReply } from "./helpers/model-mocks.js";
import type { TempRepo } from "./helpers/temp-repo.js";

/*
 * The official SARIF 2.1.0 schema is not on this machine (no installed package ships it) and was
 * not downloaded: this is a focused subset written from the specification. See its description.
 */
const schema: object = JSON.parse(readFileSync(new URL("../fixtures/sarif/sarif-2.1.0-subset.schema.json", import.meta.url), "utf8"));
// Ajv's default strict mode: unknown keywords in the schema itself are errors.
const ajv = new Ajv({ allErrors: true });
ajv.addFormat("uri", (value: string) => URL.canParse(value));
ajv.addFormat("uri-reference", (value: string) => !/[\s\\]/.test(value) && URL.canParse(value, "file:///root/"));
const validate = ajv.compile(schema);

let repo: TempRepo;
const env = () => ({ ...repo.env, ANTHROPIC_API_KEY: "sk-ant-test" });

beforeAll(() => {
  nock.disableNetConnect();
  repo = featureRepo();
  repo.write("src/api/a b#c.ts", 'export const handler = (q: string) => fetch(q);\n');
  repo.commit("odd file name");
});
afterEach(expectNoPendingMocks);
afterAll(() => {
  nock.enableNetConnect();
  repo.remove();
});

async function sarifFor(reply: { status: number; body: unknown }): Promise<{ log: Log; code: number }> {
  mockModel([], reply);
  const result = await runCliForTest(["diff", "--format", "sarif"], { env: env(), cwd: repo.dir });
  const log = JSON.parse(result.stdout) as Log;
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  return { log, code: result.code };
}

describe("--format sarif", () => {
  it("writes one valid run: checklist rules, levels, regions and fingerprints", async () => {
    const { log } = await sarifFor({
      status: 200,
      body: toolUseReply([
        finding({ severity: "low", check_id: "information-leak", line: 40, quote: "res.send(err.stack)", title: "Stack trace sent" }),
        finding({ path: "src/api/a b#c.ts", line: 1, quote: "export const handler = (q: string) => fetch(q);", severity: "medium", check_id: "made-up-check" }),
        finding({ end_line: 6 }),
      ]),
    });
    const run = log.runs[0];
    expect(log.runs).toHaveLength(1);
    expect(run?.tool.driver).toMatchObject({ name: "backend-review", version: "0.1.0" });
    expect(run?.tool.driver.rules).toEqual([
      { id: "sql-injection", name: "SqlInjection", shortDescription: { text: "sql-injection (security)" }, properties: { tags: ["security"] } },
      { id: "information-leak", name: "InformationLeak", shortDescription: { text: "information-leak (security)" }, properties: { tags: ["security"] } },
      { id: "made-up-check", name: "MadeUpCheck", shortDescription: { text: "made-up-check (security)" }, properties: { tags: ["security"] } },
    ]);
    expect(run?.results?.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r.locations?.[0]?.physicalLocation?.region])).toEqual([
      ["sql-injection", 0, "error", "src/routes/users.ts", { startLine: 5, endLine: 6 }],
      ["made-up-check", 2, "warning", "src/api/a%20b%23c.ts", { startLine: 1, endLine: 1 }],
      ["information-leak", 1, "note", "src/routes/users.ts", { startLine: 40, endLine: 40 }],
    ]);
    for (const result of run?.results ?? []) expect(result.partialFingerprints?.["backendReviewFinding/v1"]).toMatch(/^[0-9a-f]{16}$/);
    expect(run?.results?.[0]?.message.text).toBe(
      "SQL built from a request parameter\n\nThe id from the URL is interpolated into the SQL text, so a caller can change the query.\n\nFix: Bind the id as a query parameter.",
    );
    expect(run?.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
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

  it("uses a schema strict enough to catch a misspelt property or an unknown level", () => {
    const bad = { version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "critical", partialFingerprint: {} }] }] };
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toEqual(expect.arrayContaining(["must NOT have additional properties", "must be equal to one of the allowed values"]));
  });
});
