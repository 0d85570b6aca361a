import type { CodeUnit, UnitFinder } from "./code-unit.js";
import { scanBraceBlocks, type ScanOptions } from "./scan-brace-blocks.js";

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

/**
 * Units of a C-family file: each `{ … }` pair (outside strings and comments) whose header, the
 * statement before the brace, declares a function or a class.
 */
export function braceUnits(options: ScanOptions): UnitFinder {
  return (lines, text) => {
    const units: CodeUnit[] = [];
    for (const block of scanBraceBlocks(text, options)) {
      if (block.close <= block.open) continue;
      const start = headerStart(lines, block.open);
      const header = lines
        .slice(start - 1, block.open)
        .map((line) => line.replace(STRINGS, '""').replace(/\/\/.*$/, ""))
        .join(" ")
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
