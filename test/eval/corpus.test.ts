/** The committed corpus and cassettes: valid, paired, and covering what the issue asked for. */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { caseFiles } from "../../eval/case-files.js";
import { readCassette } from "../../eval/cassette.js";
import { expectedOf, isSafeTwin } from "../../eval/corpus-schema.js";
import { loadCorpus, type LoadedCase } from "../../eval/load-corpus.js";
import { DEFAULT_CASSETTE_DIR, DEFAULT_CORPUS_DIR } from "../../eval/paths.js";
import { DEFAULT_AGENT_PATH, listChecks, loadAgentFile } from "../../src/review/agent.js";

let corpus: LoadedCase[];

beforeAll(async () => {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  corpus = await loadCorpus(DEFAULT_CORPUS_DIR, listChecks(agent.prompt));
});

describe("the committed corpus", () => {
  it("has at least 40 cases, each paired with a twin of the other kind", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    const safe = corpus.filter((c) => isSafeTwin(c.evalCase));
    expect(safe.length * 2).toBe(corpus.length);
    for (const { evalCase } of corpus) expect(evalCase.twin, evalCase.id).toBeDefined();
  });

  it("spans the four language families", () => {
    const languages = new Set(corpus.map((c) => c.evalCase.language));
    expect([...languages].sort()).toEqual(["go", "java", "javascript", "python", "typescript"]);
  });

  it("covers every defect the issue lists", () => {
    const checks = new Set(corpus.flatMap((c) => expectedOf(c.evalCase).map((e) => e.check_id)));
    const wanted = [
      "sql-injection", "nosql-injection", "command-injection", "template-injection", "path-traversal", "ssrf",
      "missing-authorization", "mass-assignment", "jwt-verification", "weak-crypto", "insecure-randomness",
      "hardcoded-secret", "unsafe-deserialization", "open-redirect", "cors-misconfiguration", "information-leak",
      "missing-rate-limit", "n-plus-one-query", "unbounded-query", "missing-pagination", "blocking-io-hot-path",
      "missing-timeout", "connection-per-request", "wrong-status-code", "missing-health-check", "unsafe-migration",
    ];
    expect(wanted.filter((id) => !checks.has(id))).toEqual([]);
  });

  it("keeps every case between 5 and 40 changed lines", () => {
    const outside = corpus.flatMap(({ evalCase }) => {
      const changed = caseFiles(evalCase).reduce((sum, file) => sum + file.changes, 0);
      return changed >= 5 && changed <= 40 ? [] : [`${evalCase.id}: ${changed}`];
    });
    expect(outside).toEqual([]);
  });

  it("has a valid cassette only for cases that exist", async () => {
    const ids = new Set(corpus.map((c) => c.evalCase.id));
    const names = (await readdir(DEFAULT_CASSETTE_DIR)).filter((name) => name.endsWith(".json"));
    for (const name of names) {
      const id = path.basename(name, ".json");
      expect(ids.has(id), name).toBe(true);
      expect(await readCassette(DEFAULT_CASSETTE_DIR, id)).toBeDefined();
    }
  });
});
