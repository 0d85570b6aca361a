import type { CodeUnit } from "./code-unit.js";

const END_HEADER = /^(\s*)(?:(?:private\s+|protected\s+)?def|class|module|defp?|defmodule|defmacro)\b/;
const DO_BLOCK = /\bdo(?:\s*\|[^|]*\|)?\s*(?:#.*)?$/;

/**
 * Units of a Ruby or Elixir file: a `def`, `class` or `module` line, or a line ending a `do` block
 * opener, to the `end` at the same indentation (code laid out as formatters lay it out).
 */
export function endUnits(lines: readonly string[]): CodeUnit[] {
  const units: CodeUnit[] = [];
  lines.forEach((line, i) => {
    const header = END_HEADER.exec(line);
    const block = !header && DO_BLOCK.test(line);
    if (!header && !block) return;
    if (/;\s*end\b/.test(line) || /^\s*def\s+[\w.?!]+(?:\([^)]*\))?\s*=/.test(line)) return; // one-liners
    const indent = line.length - line.trimStart().length;
    for (let j = i + 1; j < lines.length; j++) {
      const other = lines[j] ?? "";
      if (other.trim() === "") continue;
      const otherIndent = other.length - other.trimStart().length;
      if (otherIndent === indent && /^end\b/.test(other.trim())) {
        const kind = header && /^\s*(?:class|module|defmodule)\b/.test(line) ? "class" : "function";
        units.push({ kind, start: i + 1, end: j + 1 });
        return;
      }
      if (otherIndent < indent) return;
    }
  });
  return units;
}
