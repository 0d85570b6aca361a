import type { DiffLine, Hunk } from "../diff/types.js";

export interface FileHeader {
  path: string;
  previousPath?: string | undefined;
  status: string;
  language: string;
  /** Set when a large file is split: part `index` of `total`. */
  part?: { index: number; total: number } | undefined;
}

const MARKERS: Readonly<Record<DiffLine["kind"], string>> = { add: "+", del: "-", context: " " };

/**
 * Renders one file's hunks for the model with the new-file line number on every line. Every line of
 * PR content starts with a number column or spaces, so text inside the diff can never forge the
 * FILE/END FILE or @@ lines that frame it: the structure stays ours whatever the code says.
 */
export function renderFileDiff(header: FileHeader, hunks: readonly Hunk[]): string {
  const width = String(maxNewLine(hunks)).length;
  const out: string[] = [renderHeader(header)];
  for (const hunk of hunks) {
    const last = hunk.newStart + Math.max(hunk.newLines, 1) - 1;
    const section = hunk.section ? ` ${JSON.stringify(hunk.section)}` : "";
    out.push(`@@ new lines ${hunk.newStart}-${last}${section}`);
    for (const line of hunk.lines) {
      const number = line.newLine === null ? "".padStart(width) : String(line.newLine).padStart(width);
      out.push(`${number} ${MARKERS[line.kind]} ${line.content}`);
    }
  }
  out.push("=== END FILE ===");
  return out.join("\n");
}

function renderHeader(header: FileHeader): string {
  const renamed = header.previousPath && header.previousPath !== header.path ? `, renamed from ${JSON.stringify(header.previousPath)}` : "";
  const part = header.part ? `, part ${header.part.index} of ${header.part.total}` : "";
  return `=== FILE ${JSON.stringify(header.path)} (${header.status}${renamed}, ${header.language}${part}) ===`;
}

function maxNewLine(hunks: readonly Hunk[]): number {
  let max = 1;
  for (const hunk of hunks) max = Math.max(max, hunk.newStart + hunk.newLines);
  return max;
}
