import { scanBraceBlocks, type ScanOptions } from "./scan-brace-blocks.js";

/** A function-like or class-like stretch of a file: 1-based, inclusive, decorators included. */
export interface CodeUnit {
  kind: "function" | "class";
  start: number;
  end: number;
}

type Finder = (lines: readonly string[], text: string) => CodeUnit[];

const C_LIKE: ScanOptions = { templates: false, regexes: false, hashComments: false };
const JS_LIKE: ScanOptions = { templates: true, regexes: true, hashComments: false };

const FINDERS: ReadonlyMap<string, Finder> = new Map<string, Finder>([
  ["JavaScript", braceUnits(JS_LIKE)],
  ["TypeScript", braceUnits(JS_LIKE)],
  ["TypeScript (TSX)", braceUnits(JS_LIKE)],
  ["JavaScript (JSX)", braceUnits(JS_LIKE)],
  ["PHP", braceUnits({ ...C_LIKE, hashComments: true })],
  ...["Go", "Java", "Kotlin", "C#", "Rust", "Scala", "Swift", "C", "C or C++ header", "C++", "Dart"].map((l): [string, Finder] => [l, braceUnits(C_LIKE)]),
  ["Python", indentUnits],
  ["Ruby", endUnits],
  ["Elixir", endUnits],
]);

/** Whether the heuristics know where this language's functions begin and end. */
export function knowsUnits(language: string): boolean {
  return FINDERS.has(language);
}

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

// --- C family -------------------------------------------------------------------------------

/**
 * Statements with a block that is not a function. Words a method may be named (`match`, `select`,
 * `with`, …) count only when not followed straight by `(`: `match x {` is Rust, `match(req) {` a method.
 */
const CONTROL =
  /^(?:\}\s*)?(?:else\b\s*)?(?:(?:if|else|for|foreach|while|switch|catch|try|finally|do|return|case|default|unsafe)\b|(?:with|synchronized|using|lock|match|select|when|unless|loop)\b(?!\()|(?:static|init)\s*\{)/;
const CLASS_WORD = /(?:^|[\s(])(?:class|interface|enum|trait|impl|namespace|module|record|object|struct)\b(?!\s*[:=,)])/;
/** `=> {`, `-> {` (Java lambdas, Rust and Swift return types), and `=> ({` whose body is an object. */
const ARROW = /(?:=>|->)\s*\(?\{?\s*$/;
const FUNCTION_WORD = /\b(?:function\*?|func|fn|fun|def)\b/;
/** `name(args) {` or `name(args): Type {`, `name(args) throws X {`, `name(args) -> T {`, `name(args) const {`. */
const CALLABLE_HEADER = /[\w$>\]?]\s*\((?:[^()]|\([^()]*\))*\)\s*(?:(?::|->|throws\b|const\b|override\b|noexcept\b|where\b)[^{;=]*)?\{?\s*$/;
const STRINGS = /"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`/g;

function braceUnits(options: ScanOptions): Finder {
  return (lines, text) => {
    const units: CodeUnit[] = [];
    for (const block of scanBraceBlocks(text, options)) {
      if (block.close <= block.open) continue;
      const start = headerStart(lines, block.open);
      const header = lines
        .slice(start - 1, block.open)
        .join(" ")
        .replace(STRINGS, '""')
        .replace(/\/\/.*$/, "")
        .trim();
      const kind = classify(header.slice(0, header.lastIndexOf("{") >= 0 ? header.lastIndexOf("{") + 1 : undefined));
      if (kind) units.push({ kind, start: decoratorsAbove(lines, start), end: block.close });
    }
    return units;
  };
}

function classify(header: string): CodeUnit["kind"] | undefined {
  const text = header.replace(/^(?:\}\s*)+/, "").trim();
  if (CONTROL.test(text) && !FUNCTION_WORD.test(text) && !ARROW.test(text)) return undefined;
  if (ARROW.test(text) || FUNCTION_WORD.test(text)) return "function";
  if (/(?:^|[=:,([]|\breturn)\s*\{$/.test(text)) return undefined; // an object or array literal, `module.exports = {`
  if (CLASS_WORD.test(text)) return "class";
  return CALLABLE_HEADER.test(text) ? "function" : undefined;
}

/**
 * The first line of the statement whose `{` is on `open`: a signature may wrap over several lines
 * (its `)` then closes a `(` above) or start with `{` alone (Allman style).
 */
function headerStart(lines: readonly string[], open: number): number {
  let start = open;
  let balance = parenBalance(lines[open - 1] ?? "");
  for (let steps = 0; steps < 12 && start > 1; steps++) {
    const current = (lines[start - 1] ?? "").trim();
    const previous = stripComment(lines[start - 2] ?? "").trim();
    if (previous === "" || /[;{}]$/.test(previous)) break;
    // A line opening with `.`, `?` or `:` (a method chain, a conditional), or one after `=>` or `=`,
    // holds a function of its own: it starts on that line, not at the statement's head.
    const continues = balance < 0 || current === "{" || /^[)\]&|]/.test(current) || /[&|+?]$/.test(previous);
    if (!continues) break;
    start--;
    balance += parenBalance(previous);
  }
  return start;
}

/** Opening minus closing parentheses, outside strings. */
function parenBalance(line: string): number {
  const code = line.replace(STRINGS, '""');
  return (code.match(/\(/g)?.length ?? 0) - (code.match(/\)/g)?.length ?? 0);
}

/** Annotations and decorators directly above a declaration (`@Get(…)`, `#[derive]`) belong to it. */
function decoratorsAbove(lines: readonly string[], start: number): number {
  let first = start;
  while (first > 1 && /^\s*(?:@\w|#\[)/.test(lines[first - 2] ?? "")) first--;
  return first;
}

function stripComment(line: string): string {
  return line.replace(/\s\/\/.*$/, "").replace(/\/\*.*\*\/\s*$/, "");
}

// --- Python ---------------------------------------------------------------------------------

const PY_HEADER = /^(\s*)(?:async\s+def|def|class)\s/;

function indentUnits(lines: readonly string[]): CodeUnit[] {
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

// --- Ruby, Elixir ----------------------------------------------------------------------------

const END_HEADER = /^(\s*)(?:(?:private\s+|protected\s+)?def|class|module|defp?|defmodule|defmacro)\b/;
const DO_BLOCK = /\bdo(?:\s*\|[^|]*\|)?\s*(?:#.*)?$/;

function endUnits(lines: readonly string[]): CodeUnit[] {
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
