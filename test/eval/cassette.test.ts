/** Recording and replaying cassettes, with a stand-in for the model: what --record and --replay rely on. */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cassettePath, CassetteError, readCassette } from "../../eval/cassette.js";
import { runCases, type RunOptions } from "../../eval/evaluate.js";
import { loadCorpus, type LoadedCase } from "../../eval/load-corpus.js";
import { DEFAULT_CORPUS_DIR } from "../../eval/paths.js";
import { DEFAULT_AGENT_PATH, loadAgentFile, type AgentDefinition } from "../../src/review/agent.js";
import type { ModelRequest, ReviewModel } from "../../src/review/model.js";

let agent: AgentDefinition;
let sqlCase: LoadedCase;

beforeAll(async () => {
  agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  const corpus = await loadCorpus(DEFAULT_CORPUS_DIR);
  const found = corpus.find((c) => c.evalCase.id === "ts-sql-injection");
  if (!found) throw new Error("the corpus lost ts-sql-injection");
  sqlCase = found;
});

/** Answers every call with one finding on line 27 (the interpolated WHERE clause). */
function standIn(requests: ModelRequest[] = []): ReviewModel {
  return {
    async reportFindings(request) {
      requests.push(request);
      const finding = {
        path: "src/routes/orders.ts",
        line: 27,
        quote: "WHERE customer_id = $1 AND status = '${status}'",
        severity: "critical",
        category: "security",
        check_id: "sql-injection",
        title: "status is interpolated into SQL",
        explanation: "The query parameter becomes part of the SQL text.",
        fix: "Bind it as $2.",
        confidence: 0.9,
      };
      return { findings: [finding], usage: { input: 10, output: 5, cacheRead: 0, cacheWrite: 20 }, truncated: false };
    },
    explain: () => Promise.reject(new Error("not used")),
  };
}

async function run(options: Partial<RunOptions> & { cassetteDir: string }) {
  const [result] = await runCases([sqlCase], { mode: "replay", agent, ...options });
  return result?.run;
}

describe("cassettes", () => {
  it("records the model's raw reply and replays it to the same findings", async () => {
    const cassetteDir = await mkdtemp(path.join(tmpdir(), "eval-cassettes-"));
    const requests: ModelRequest[] = [];
    const live = await run({ mode: "record", liveModel: standIn(requests), cassetteDir });
    const cassette = await readCassette(cassetteDir, "ts-sql-injection");
    expect(cassette).toMatchObject({ caseId: "ts-sql-injection", source: "recorded", model: agent.model });
    expect(cassette?.calls).toHaveLength(1);
    expect(cassette?.calls[0]?.usage).toEqual({ input: 10, output: 5, cacheRead: 0, cacheWrite: 20 });
    expect(requests).toHaveLength(1);

    const replayed = await run({ cassetteDir });
    expect(replayed).toMatchObject({ status: "scored", source: "recorded", stale: false });
    expect(replayed?.status === "scored" && replayed.findings).toEqual(live?.status === "scored" && live.findings);
  });

  it("marks a replay stale when the prompt changed since recording, and still scores it", async () => {
    const cassetteDir = await mkdtemp(path.join(tmpdir(), "eval-cassettes-"));
    await run({ mode: "record", liveModel: standIn(), cassetteDir });
    const edited = { ...agent, prompt: `${agent.prompt}\n\nOne more rule.` };
    expect(await run({ cassetteDir, agent: edited })).toMatchObject({ status: "scored", stale: true });
  });

  it("does not run a case whose diff changed, or whose cassette is for another model", async () => {
    const cassetteDir = await mkdtemp(path.join(tmpdir(), "eval-cassettes-"));
    await run({ mode: "record", liveModel: standIn(), cassetteDir });
    expect(await run({ cassetteDir, model: "claude-opus-5-5" })).toEqual({
      status: "not run",
      reason: `cassette made with ${agent.model}, not claude-opus-5-5`,
    });
    const file = cassettePath(cassetteDir, "ts-sql-injection");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(/"caseHash": "[0-9a-f]+"/, `"caseHash": "${"0".repeat(64)}"`));
    expect(await run({ cassetteDir })).toEqual({ status: "not run", reason: "cassette out of date: the case's diff changed since it was made" });
  });

  it("does not record a case whose model call failed, and reports it as not run", async () => {
    const cassetteDir = await mkdtemp(path.join(tmpdir(), "eval-cassettes-"));
    const failing: ReviewModel = { reportFindings: () => Promise.reject(new Error("boom")), explain: () => Promise.reject(new Error("boom")) };
    expect(await run({ mode: "record", liveModel: failing, cassetteDir })).toEqual({
      status: "not run",
      reason: "model call failed: unexpected error in the review",
    });
    expect(await readCassette(cassetteDir, "ts-sql-injection")).toBeUndefined();
  });

  it("rejects a malformed cassette naming the file and the key", async () => {
    const cassetteDir = await mkdtemp(path.join(tmpdir(), "eval-cassettes-"));
    const file = cassettePath(cassetteDir, "ts-sql-injection");
    const cassette = { caseId: "ts-sql-injection", source: "guessed", model: "m", date: "2026-11-29", caseHash: "0".repeat(64), calls: [] };
    await writeFile(file, JSON.stringify(cassette));
    const error = await readCassette(cassetteDir, "ts-sql-injection").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CassetteError);
    expect((error as Error).message).toBe(
      `${file}: source: Invalid option: expected one of "recorded"|"hand-written"; calls: Too small: expected array to have >=1 items`,
    );
  });
});
