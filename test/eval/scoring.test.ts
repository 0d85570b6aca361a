/**
 * The scoring, run the way `npm run eval -- --replay` runs it, on the hand-written cassettes in
 * eval/cassettes. What each of them plants is written in its `note`; the numbers below follow.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseEvalArgs } from "../../eval/cli-args.js";
import { runCases, type CaseResult } from "../../eval/evaluate.js";
import { CorpusError, loadCorpus } from "../../eval/load-corpus.js";
import { DEFAULT_CORPUS_DIR } from "../../eval/paths.js";
import { runEvaluation } from "../../eval/run-eval.js";
import { summarize } from "../../eval/summary.js";
import { DEFAULT_AGENT_PATH, listChecks, loadAgentFile } from "../../src/review/agent.js";

const HAND_WRITTEN = [
  "ts-sql-injection", // found on the expected line
  "ts-sql-injection-safe", // silent
  "py-path-traversal", // found two lines off
  "py-path-traversal-safe", // false alarm
  "go-ssrf", // planted miss
  "go-ssrf-safe", // silent
  "java-mass-assignment", // right line, other security check: lenient only
  "py-n-plus-one", // found in range, plus a 0.55-confidence false positive
];
const WITHOUT_CASSETTE = "go-idor";

let results: CaseResult[];

beforeAll(async () => {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  const corpus = await loadCorpus(DEFAULT_CORPUS_DIR, listChecks(agent.prompt));
  const wanted = new Set([...HAND_WRITTEN, WITHOUT_CASSETTE]);
  results = await runCases(
    corpus.filter((c) => wanted.has(c.evalCase.id)),
    { mode: "replay", agent, cassetteDir: path.join(DEFAULT_CORPUS_DIR, "..", "cassettes") },
  );
});

const without = (id: string) => results.filter((r) => r.loaded.evalCase.id !== id);

describe("scoring the hand-written replay subset", () => {
  it("counts strict and lenient matches, line accuracy and safe-twin alarms", () => {
    const summary = summarize(results, "replay", 0);
    // Staleness follows the agent file and prompt format, which change independently of the scoring.
    expect(summary.cases).toEqual({ total: 9, scored: 8, notRun: 1, handWritten: 8, stale: summary.cases.stale });
    expect(summary.overall).toEqual({
      expected: 5,
      findings: 6,
      recall: 3 / 5,
      precision: 3 / 6,
      lenientRecall: 4 / 5,
      lenientPrecision: 4 / 6,
      located: 3,
      exactLine: 2 / 3,
      nearLine: 1,
    });
    expect(summary.safeTwins).toEqual({ scored: 3, flagged: 1, findings: 1 });
    expect(summary.byCategory.performance).toMatchObject({ expected: 1, findings: 2, recall: 1, precision: 0.5 });
    expect(summary.byCategory.reliability).toMatchObject({ expected: 0, recall: null, precision: null });
  });

  it("a planted miss lowers recall", () => {
    expect(summarize(without("go-ssrf"), "replay", 0).overall.recall).toBe(3 / 4);
    expect(summarize(results, "replay", 0).overall.recall).toBe(3 / 5);
  });

  it("a false alarm on a safe twin lowers precision", () => {
    expect(summarize(without("py-path-traversal-safe"), "replay", 0).overall.precision).toBe(3 / 5);
    expect(summarize(results, "replay", 0).overall.precision).toBe(3 / 6);
  });

  it("a finding two lines off counts within ±3 lines but not as exact", () => {
    const only = results.filter((r) => r.loaded.evalCase.id === "py-path-traversal");
    expect(summarize(only, "replay", 0).overall).toMatchObject({ recall: 1, located: 1, exactLine: 0, nearLine: 1 });
    const detail = summarize(only, "replay", 0).perCase[0];
    expect(detail?.expected).toEqual([{ path: "app/attachments/routes.py", lines: [16, 16], checkId: "path-traversal", found: true, lineOff: 2 }]);
  });

  it("the confidence threshold drops findings before scoring", () => {
    const summary = summarize(results, "replay", 0.7);
    expect(summary.overall).toMatchObject({ findings: 5, recall: 3 / 5, precision: 3 / 5 });
    expect(summary.perCase.find((c) => c.id === "py-n-plus-one")?.belowThreshold).toBe(1);
    expect(summary.sweep.map((row) => [row.minConfidence, row.findings, row.safeTwinsFlagged])).toEqual([
      [0, 6, 1],
      [0.5, 6, 1],
      [0.7, 5, 1],
      [0.8, 4, 0],
      [0.9, 3, 0],
    ]);
  });

  it("reports a case without a cassette as not run and leaves it out of every figure", () => {
    const summary = summarize(results, "replay", 0);
    expect(summary.perCase.find((c) => c.id === WITHOUT_CASSETTE)).toMatchObject({
      status: "not run",
      reason: "no cassette (make one with --record)",
    });
    expect(summarize(without(WITHOUT_CASSETTE), "replay", 0).overall).toEqual(summary.overall);
  });

  it("adds up tokens and prices them", () => {
    const summary = summarize(results, "replay", 0);
    expect(summary.usage).toEqual({ input: 8_000, output: 1_600, cacheRead: 32_000, cacheWrite: 0 });
    // claude-sonnet-5-5: $2 in, $10 out per million; cache reads at a tenth of the input price.
    expect(summary.cost.usd).toBeCloseTo(0.016 + 0.016 + 0.0064, 10);
  });

  it("runs end to end from the command line's arguments", async () => {
    const args = parseEvalArgs(["--replay", "--cases", "ts-sql-injection*,go-idor"]);
    const summary = await runEvaluation(args, {});
    expect(summary.perCase.map((c) => [c.id, c.status])).toEqual([
      ["go-idor", "not run"],
      ["ts-sql-injection", "scored"],
      ["ts-sql-injection-safe", "scored"],
    ]);
    expect(summary.overall).toMatchObject({ recall: 1, precision: 1 });
  });
});

describe("corpus validation", () => {
  const patchLines = ["@@ -1,2 +1,3 @@", " line one", "+line two", " line three"].map((l) => `      ${l}`);

  async function problemsOf(files: Record<string, string>): Promise<string[]> {
    const dir = await mkdtemp(path.join(tmpdir(), "eval-corpus-"));
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
    const error = await loadCorpus(dir, listChecks(agent.prompt)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    return (error as CorpusError).problems.map((problem) => problem.replace(dir + path.sep, ""));
  }

  it("names the file and the key of every shape problem", async () => {
    const shape = [
      "id: shape",
      "language: cobol",
      "files:",
      "  - path: src/a.ts",
      "    patch: |",
      ...patchLines,
      "expect:",
      "  - { path: src/a.ts, line: [3, 1], category: security, check_id: sql-injection, note: x }",
    ].join("\n");
    expect(await problemsOf({ "shape.yaml": shape, "broken.yaml": "id: [unclosed\n" })).toEqual([
      "broken.yaml: line 2: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      'shape.yaml: language: Invalid option: expected one of "javascript"|"typescript"|"python"|"go"|"java"',
      "shape.yaml: description: is required",
      "shape.yaml: expect[0].line: a range is [start, end] with start <= end",
      'shape.yaml: expect[0]: Unrecognized key: "note"',
    ]);
  });

  it("checks expectations against the diff, the checklist and the other cases", async () => {
    const semantic = [
      "id: not-the-file-name",
      "language: typescript",
      "description: A case whose expectations cannot match its diff.",
      "twin: missing-twin",
      "files:",
      "  - path: web/page.tsx",
      "    patch: |",
      ...patchLines,
      "expect:",
      "  - { path: web/page.tsx, line: 9, category: security, check_id: no-such-check }",
      "  - { path: src/b.ts, line: 2, category: performance, check_id: sql-injection }",
    ].join("\n");
    const lonely = ["id: lonely", "language: go", "description: A safe twin whose pair is missing.", "twin: nobody", "expect: silence", "diff: |"];
    const diff = ["diff --git a/main.go b/main.go", "--- a/main.go", "+++ b/main.go", ...patchLines.map((l) => l.slice(6))].map((l) => `  ${l}`);
    expect(await problemsOf({ "semantic.yaml": semantic, "lonely.yaml": [...lonely, ...diff].join("\n") })).toEqual([
      'semantic.yaml: id: "not-the-file-name" must match the file name "semantic"',
      "semantic.yaml: files[0]: web/page.tsx: the core would not review this file (front-end code)",
      "semantic.yaml: expect[0].line: line 9 is not an added or context line of web/page.tsx",
      'semantic.yaml: expect[0].check_id: "no-such-check" is not in the agent\'s checklist',
      "semantic.yaml: expect[1].path: src/b.ts is not a file of this case's diff",
      "semantic.yaml: expect[1].category: the checklist files sql-injection under security, not performance",
      'lonely.yaml: twin: no case has the id "nobody"',
    ]);
  });
});
