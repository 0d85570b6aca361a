/**
 * What every case reports, and the table `npm run bench` prints. A machine-dependent figure always
 * carries a baseline measured in the same run, so results from different machines compare by ratio.
 */
import { textTable } from "../../src/cli/text-table.js";
import { round } from "./stats.js";

export interface Baseline {
  /** What the baseline is, e.g. "bare node:http server". */
  label: string;
  value: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: Baseline | undefined;
  /** value / baseline.value, unless `ratioOf` says otherwise. */
  ratio?: number | undefined;
  /** e.g. "p99 < 50 ms"; `met` says whether this run met it. */
  target?: string | undefined;
  met?: boolean | undefined;
}

export interface CaseResult {
  id: string;
  title: string;
  figures: Figure[];
  /** Raw numbers behind the figures (counts, timelines, settings), kept in results.json only. */
  details: Record<string, unknown>;
  /** Lines printed under the table, e.g. a breakdown by endpoint. */
  listing?: string[] | undefined;
}

export function figure(name: string, value: number, unit: string, extra: Omit<Figure, "name" | "value" | "unit"> = {}): Figure {
  const ratio = extra.ratio ?? (extra.baseline && extra.baseline.value !== 0 ? value / extra.baseline.value : undefined);
  const baseline = extra.baseline && { ...extra.baseline, value: round(extra.baseline.value) };
  return { name, value: round(value), unit, ...extra, baseline, ratio: ratio === undefined ? undefined : round(ratio, 3) };
}

function formatValue(value: number, unit: string): string {
  const text = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString("en-US") : String(round(value, value < 10 ? 2 : 1));
  return unit === "" ? text : `${text} ${unit}`;
}

export function renderTable(results: readonly CaseResult[]): string {
  const rows: string[][] = [["Case", "Figure", "Value", "Baseline", "Ratio", "Target"]];
  for (const result of results) {
    result.figures.forEach((f, i) => {
      const baseline = f.baseline ? `${formatValue(f.baseline.value, f.unit)} (${f.baseline.label})` : "";
      const ratio = f.ratio === undefined ? "" : `${round(f.ratio, f.ratio < 10 ? 2 : 1)}×`;
      const target = f.target === undefined ? "" : `${f.target} ${f.met === undefined ? "" : f.met ? "✓" : "✗"}`.trim();
      rows.push([i === 0 ? result.title : "", f.name, formatValue(f.value, f.unit), baseline, ratio, target]);
    });
  }
  return textTable(rows, "").join("\n");
}

export function renderListings(results: readonly CaseResult[]): string {
  return results
    .filter((r) => r.listing !== undefined && r.listing.length > 0)
    .map((r) => [`${r.title}:`, ...(r.listing ?? []).map((line) => `  ${line}`)].join("\n"))
    .join("\n\n");
}
