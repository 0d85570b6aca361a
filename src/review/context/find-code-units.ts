import { braceUnits } from "./brace-units.js";
import type { CodeUnit, UnitFinder } from "./code-unit.js";
import { endUnits } from "./end-units.js";
import { indentUnits } from "./indent-units.js";
import type { ScanOptions } from "./scan-brace-blocks.js";

export type { CodeUnit } from "./code-unit.js";

const C_LIKE: ScanOptions = { templates: false, regexes: false, hashComments: false };
const JS_LIKE: ScanOptions = { templates: true, regexes: true, hashComments: false };

const FINDERS: ReadonlyMap<string, UnitFinder> = new Map<string, UnitFinder>([
  ["JavaScript", braceUnits(JS_LIKE)],
  ["TypeScript", braceUnits(JS_LIKE)],
  ["TypeScript (TSX)", braceUnits(JS_LIKE)],
  ["JavaScript (JSX)", braceUnits(JS_LIKE)],
  ["PHP", braceUnits({ ...C_LIKE, hashComments: true })],
  ...["Go", "Java", "Kotlin", "C#", "Rust", "Scala", "Swift", "C", "C or C++ header", "C++", "Dart"].map((l): [string, UnitFinder] => [l, braceUnits(C_LIKE)]),
  ["Python", indentUnits],
  ["Ruby", endUnits],
  ["Elixir", endUnits],
]);

/**
 * Functions and classes of a file by lexical heuristics: braces paired outside strings and comments
 * for C-family languages, indentation for Python, `def … end` for Ruby. Units of one line are left
 * out (they add nothing a hunk does not show). Empty for languages it does not know.
 */
export function findCodeUnits(text: string, language: string): CodeUnit[] {
  const finder = FINDERS.get(language);
  if (!finder) return [];
  const lines = text.split("\n");
  return finder(lines, text).filter((u) => u.end > u.start);
}

/** The innermost function around a line, else the innermost class; undefined at top level. */
export function enclosingUnit(units: readonly CodeUnit[], line: number): CodeUnit | undefined {
  let fn: CodeUnit | undefined;
  let cls: CodeUnit | undefined;
  for (const u of units) {
    if (line < u.start || line > u.end) continue;
    if (u.kind === "function" && (!fn || inner(u, fn))) fn = u;
    if (u.kind === "class" && (!cls || inner(u, cls))) cls = u;
  }
  return fn ?? cls;
}

const inner = (a: CodeUnit, b: CodeUnit) => a.start > b.start || (a.start === b.start && a.end < b.end);
