/** The run as text for a terminal. */
import { count, textTable, usd } from "../src/cli/text-table.js";
import type { CaseSummary } from "./case-summary.js";
import type { Metrics } from "./metrics.js";
import { NEAR_LINES } from "./score.js";
import type { EvalSummary } from "./summary.js";

const pct = (value: number | null): string => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);

export function handWrittenBanner(summary: EvalSummary): string[] {
  const n = summary.cases.handWritten;
  if (n === 0) return [];
  const bar = "!".repeat(78);
  return [
    bar,
    `!! ${n} of ${summary.cases.scored} scored case(s) replay HAND-WRITTEN cassettes. Their answers were written`,
    "!! by a person to exercise the scoring: these scores are NOT the model's review quality.",
    "!! Record real answers with ANTHROPIC_API_KEY set and --record.",
    bar,
  ];
}

function metricsRow(scope: string, m: Metrics): string[] {
  return [scope, String(m.expected), String(m.findings), pct(m.recall), pct(m.precision), pct(m.lenientRecall), pct(m.lenientPrecision), String(m.located), pct(m.exactLine), pct(m.nearLine)];
}

function qualityTable(summary: EvalSummary): string[] {
  const header = ["scope", "expected", "findings", "recall", "precision", "recall~", "precision~", "located", "exact line", `±${NEAR_LINES} lines`];
  const rows = [header, metricsRow("all", summary.overall)];
  for (const [category, metrics] of Object.entries(summary.byCategory)) rows.push(metricsRow(category, metrics));
  return [
    ...textTable(rows),
    `  recall~/precision~ are lenient: a finding of another check in the same category also counts.`,
    `  located: findings with the expected path and check at any line; exact/±${NEAR_LINES}: how many of them sit on the expected lines.`,
  ];
}

function sweepTable(summary: EvalSummary): string[] {
  const rows = [["min confidence", "findings", "recall", "precision", "safe twins flagged"]];
  for (const row of summary.sweep) {
    rows.push([row.minConfidence.toFixed(1), String(row.findings), pct(row.recall), pct(row.precision), `${row.safeTwinsFlagged} of ${summary.safeTwins.scored}`]);
  }
  return ["Lever: minimum confidence (same answers, findings below it dropped before scoring)", ...textTable(rows)];
}

function caseNote(c: CaseSummary): string {
  const notes = c.expected.map((e) => {
    if (e.found) return e.lineOff === 0 ? `found ${e.checkId}` : `found ${e.checkId}, ${e.lineOff} line(s) off`;
    if (e.lineOff !== null) return `${e.checkId} found ${e.lineOff} lines off (beyond ±${NEAR_LINES})`;
    const lenient = c.findings.find((f) => f.match === "lenient");
    return lenient ? `missed ${e.checkId} (reported as ${lenient.checkId})` : `missed ${e.checkId}`;
  });
  const wrong = c.findings.filter((f) => f.match === "none").length;
  if (wrong > 0) notes.push(c.safe ? `false alarm (${wrong})` : `${wrong} false positive(s)`);
  if (c.safe && wrong === 0) notes.push("silent, as expected");
  if (c.belowThreshold > 0) notes.push(`${c.belowThreshold} below min confidence`);
  if (c.stale) notes.push("stale cassette");
  return notes.join("; ");
}

function caseTable(summary: EvalSummary): string[] {
  const rows = [["case", "source", "expected", "findings", "result"]];
  for (const c of summary.perCase) {
    if (c.status !== "scored") continue;
    rows.push([c.id, c.source ?? "", c.safe ? "silence" : String(c.expected.length), String(c.findings.length), caseNote(c)]);
  }
  return rows.length > 1 ? textTable(rows) : ["  no case was scored"];
}

function notRunLines(summary: EvalSummary): string[] {
  const byReason = new Map<string, string[]>();
  for (const c of summary.perCase) {
    if (c.status === "not run") byReason.set(c.reason ?? "", [...(byReason.get(c.reason ?? "") ?? []), c.id]);
  }
  return [...byReason].map(([reason, ids]) => {
    const shown = ids.length <= 6 ? ids.join(", ") : `${ids.slice(0, 5).join(", ")}, … (all in --json)`;
    return `  NOT RUN, ${reason}: ${ids.length} case(s): ${shown}`;
  });
}

function usageLine(summary: EvalSummary): string {
  const u = summary.usage;
  const tokens = `tokens: input ${count(u.input)}, output ${count(u.output)}, cache read ${count(u.cacheRead)}, cache write ${count(u.cacheWrite)}`;
  const unpriced = summary.cost.unpriced.length > 0 ? ` (not priced: ${summary.cost.unpriced.join(", ")})` : "";
  return `${tokens}; estimated cost ${usd(summary.cost.usd)} at list prices${unpriced}`;
}

export function renderTable(summary: EvalSummary): string {
  const { cases } = summary;
  const lines = [
    `backend-review evaluation (${summary.mode}): ${cases.total} case(s), ${cases.scored} scored, ${cases.notRun} not run; minimum confidence ${summary.minConfidence}`,
    ...handWrittenBanner(summary),
    ...(cases.stale > 0 ? [`WARNING: ${cases.stale} cassette(s) were made for another prompt or model settings: re-record them.`] : []),
    "",
    ...qualityTable(summary),
    "",
    `Safe twins: ${summary.safeTwins.scored} scored, ${summary.safeTwins.flagged} with a false alarm (${summary.safeTwins.findings} finding(s) in all)`,
    "",
    ...sweepTable(summary),
    "",
    ...caseTable(summary),
    ...notRunLines(summary),
    "",
    usageLine(summary),
  ];
  return `${lines.join("\n")}\n`;
}
