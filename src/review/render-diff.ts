import type { DiffLine, Hunk } from "../diff/types.js";
import type { ContextSection } from "./context/build-file-context.js";

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
 * `context` sections (unchanged lines of the head file outside every hunk) are placed between the
 * hunks in line order, under their own `@@ context` line and with `:` as their marker.
 */
export function renderFileDiff(header: FileHeader, hunks: readonly Hunk[], width = numberWidth(hunks), context: readonly ContextSection[] = []): string {
  const out: string[] = [renderHeader(header)];
  let next = 0;
  const contextBefore = (line: number) => {
    for (; next < context.length && (context[next] as ContextSection).start < line; next++) out.push(...renderContext(context[next] as ContextSection, width));
  };
  for (const hunk of hunks) {
    contextBefore(hunk.newStart);
    const last = hunk.newStart + Math.max(hunk.newLines, 1) - 1;
    const section = hunk.section ? ` ${quoted(hunk.section)}` : "";
    out.push(`@@ new lines ${hunk.newStart}-${last}${section}`);
    for (const line of hunk.lines) out.push(renderRow(line, width));
  }
  contextBefore(Number.POSITIVE_INFINITY);
  out.push("=== END FILE ===");
  return out.join("\n");
}

function renderContext(section: ContextSection, width: number): string[] {
  const last = section.start + section.lines.length - 1;
  return [
    `@@ context lines ${section.start}-${last} (unchanged code around the diff, not part of it)`,
    ...section.lines.map((content, i) => `${String(section.start + i).padStart(width)} : ${content.replace(LINE_BREAKS, " ")}`),
  ];
}

/** One diff line as shown to the model. Stray line breaks become spaces, which quotes match anyway. */
export function renderRow(line: DiffLine, width: number): string {
  const number = line.newLine === null ? "".padStart(width) : String(line.newLine).padStart(width);
  return `${number} ${MARKERS[line.kind]} ${line.content.replace(LINE_BREAKS, " ")}`;
}

/** Width of the widest new-file line number the hunks (and context sections) show. */
export function numberWidth(hunks: readonly Hunk[], context: readonly ContextSection[] = []): number {
  let max = 1;
  for (const hunk of hunks) max = Math.max(max, hunk.newStart + hunk.newLines - 1);
  for (const section of context) max = Math.max(max, section.start + section.lines.length - 1);
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
