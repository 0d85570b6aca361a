import type { CodeUnit } from "./code-unit.js";

const PY_HEADER = /^(\s*)(?:async\s+def|def|class)\s/;

/**
 * Units of a Python file: a `def` or `class` line and the lines indented deeper after it (blank
 * lines, comments, bracket continuations and triple-quoted strings do not end it), with the
 * decorators right above it.
 */
export function indentUnits(lines: readonly string[]): CodeUnit[] {
  const continuation = pythonContinuations(lines);
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const isCode = (i: number) => !continuation[i] && !/^\s*(?:#.*)?$/.test(lines[i] ?? "");
  const units: CodeUnit[] = [];
  lines.forEach((line, i) => {
    const match = continuation[i] ? null : PY_HEADER.exec(line);
    if (!match) return;
    const indent = (match[1] ?? "").length;
    let end = i;
    for (let j = i + 1; j < lines.length; j++) {
      if (!isCode(j)) {
        if (continuation[j] || !/^\s*(?:#.*)?$/.test(lines[j] ?? "")) end = j;
        continue;
      }
      if (indentOf(lines[j] ?? "") <= indent && !/^\s*[)\]}]/.test(lines[j] ?? "")) break;
      end = j;
    }
    let start = i;
    while (start > 0 && /^\s*@/.test(lines[start - 1] ?? "") && indentOf(lines[start - 1] ?? "") === indent) start--;
    units.push({ kind: /^\s*class\s/.test(line) ? "class" : "function", start: start + 1, end: end + 1 });
  });
  return units;
}

/** Lines that continue a statement: inside brackets opened earlier, or inside a triple-quoted string. */
function pythonContinuations(lines: readonly string[]): boolean[] {
  const result: boolean[] = [];
  let depth = 0;
  let triple: string | undefined;
  for (const line of lines) {
    result.push(depth > 0 || triple !== undefined);
    let i = 0;
    while (i < line.length) {
      if (triple) {
        const end = line.indexOf(triple, i);
        if (end < 0) break;
        i = end + 3;
        triple = undefined;
        continue;
      }
      const c = line[i] as string;
      if (c === "#") break;
      if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
        triple = line.slice(i, i + 3);
        i += 3;
      } else if (c === '"' || c === "'") {
        const close = line.indexOf(c, i + 1);
        i = close < 0 ? line.length : close + 1;
      } else {
        if ("([{".includes(c)) depth++;
        else if (")]}".includes(c)) depth = Math.max(0, depth - 1);
        i++;
      }
    }
  }
  return result;
}
