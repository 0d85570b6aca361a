/**
 * Findings planted on added lines, and a model that "finds" them at once: the core's anchoring,
 * validation and posting selection then run on realistic findings with no model latency at all.
 */
import type { Finding } from "../../src/review/finding.js";
import type { ReviewModel } from "../../src/review/model.js";
import type { ReviewableFile } from "../../src/review/reviewable-file.js";

/** Models drift by a few lines; anchoring must find the quote again, which is the costly path. */
const DRIFTS = [0, 2, -3, 5];

/** One finding on every fourth selected file that has an added line. */
export function plantFindings(files: readonly ReviewableFile[]): Map<string, Finding[]> {
  const planted = new Map<string, Finding[]>();
  files.forEach((file, i) => {
    if (i % 4 !== 0) return;
    const added = file.lineIndex.lines().filter((line) => file.lineIndex.kindAt(line) === "add");
    const line = added[Math.floor(added.length / 2)];
    if (line === undefined) return;
    const drift = DRIFTS[i % DRIFTS.length] ?? 0;
    planted.set(file.path, [
      {
        path: file.path,
        line: Math.max(1, line + drift),
        quote: file.lineIndex.contentAt(line) ?? "",
        severity: "high",
        category: "security",
        check_id: "sql-injection",
        title: "Query built from request data",
        explanation: "The value reaches the query text unescaped.",
        fix: "Pass it as a bound parameter.",
        confidence: 0.9,
      },
    ]);
  });
  return planted;
}

const FILE_HEADER = '=== FILE "';

export function instantModel(findings: ReadonlyMap<string, Finding[]>, tick: () => void): ReviewModel {
  return {
    async reportFindings({ prompt }) {
      tick();
      const found: Finding[] = [];
      for (let at = prompt.indexOf(FILE_HEADER); at >= 0; at = prompt.indexOf(FILE_HEADER, at + 1)) {
        const end = prompt.indexOf('" (', at);
        const path = JSON.parse(prompt.slice(at + FILE_HEADER.length - 1, end + 1)) as string;
        found.push(...(findings.get(path) ?? []));
      }
      return { findings: found, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, truncated: false };
    },
    explain: () => Promise.reject(new Error("not used by the benchmark")),
  };
}
