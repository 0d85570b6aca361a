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

/** Characters other than `\n` that a reader (or a model) may take for a line break. */
const LINE_BREAKS = /[\r\v\f\u0085\u2028\u2029]/g;

/**
 * Renders one file's hunks for the model with the new-file line number on every line. Every line of
 * PR content starts with a number column or spaces, so text inside the diff can never forge the
 * FILE/END FILE or @@ lines that frame it: the structure stays ours whatever the code says.
 * `width` is the number column's width; parts of one file pass the whole file's so they line up.
 */
export function renderFileDiff(header: FileHeader, hunks: readonly Hunk[], width = numberWidth(hunks)): string {
  const out: string[] = [renderHeader(header)];
  for (const hunk of hunks) {
    const last = hunk.newStart + Math.max(hunk.newLines, 1) - 1;
    const section = hunk.section ? ` ${quoted(hunk.section)}` : "";
    out.push(`@@ new lines ${hunk.newStart}-${last}${section}`);
    for (const line of hunk.lines) out.push(renderRow(line, width));
  }
  out.push("=== END FILE ===");
  return out.join("\n");
}

/** One diff line as shown to the model. Stray line breaks become spaces, which quotes match anyway. */
export function renderRow(line: DiffLine, width: number): string {
  const number = line.newLine === null ? "".padStart(width) : String(line.newLine).padStart(width);
  return `${number} ${MARKERS[line.kind]} ${line.content.replace(LINE_BREAKS, " ")}`;
}

/** Width of the widest new-file line number the hunks show. */
export function numberWidth(hunks: readonly Hunk[]): number {
  let max = 1;
  for (const hunk of hunks) max = Math.max(max, hunk.newStart + hunk.newLines - 1);
  return String(max).length;
}

function renderHeader(header: FileHeader): string {
  const renamed = header.previousPath && header.previousPath !== header.path ? `, renamed from ${quoted(header.previousPath)}` : "";
  const part = header.part ? `, part ${header.part.index} of ${header.part.total}` : "";
  return `=== FILE ${quoted(header.path)} (${header.status}${renamed}, ${header.language}${part}) ===`;
}

/** A JSON string, with the Unicode line breaks JSON leaves raw escaped as well. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(LINE_BREAKS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
