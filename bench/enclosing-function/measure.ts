/**
 * How often each way of finding a changed line's enclosing function gets it right, and at what
 * cost: the project's lexical heuristics (src/review/context/find-code-units.ts) against tree-sitter
 * grammars run by web-tree-sitter. Run from the repository root after `npm run build:tools`:
 *
 *   node dist/bench/enclosing-function/measure.js [--grammars <dir of tree-sitter-*.wasm>]
 *
 * Grammars are tried from @repomix/tree-sitter-wasms first (the installed dev dependency, built for this web-tree-sitter), then from --grammars.
 * Results go to stdout and bench/enclosing-function/results.json.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { Language, Parser, type Node } from "web-tree-sitter";
import { enclosingUnit, findCodeUnits, type CodeUnit } from "../../src/review/context/find-code-units.js";

const DIR = path.resolve("bench/enclosing-function");
const INSTALLED = path.resolve("node_modules/@repomix/tree-sitter-wasms/out");

interface Case {
  file: string;
  language: string;
  probes: [number, number | null, number?][];
}

const GRAMMAR: Readonly<Record<string, string>> = {
  TypeScript: "typescript",
  JavaScript: "javascript",
  Python: "python",
  Go: "go",
  Java: "java",
  Ruby: "ruby",
};

const FUNCTION_TYPES = new Set([
  "function_declaration", "function_expression", "generator_function_declaration", "arrow_function", "method_definition", "function",
  "function_definition", "method_declaration", "func_literal", "constructor_declaration", "lambda_expression",
  "method", "singleton_method", "do_block", "block", "lambda",
]);
const CLASS_TYPES = new Set([
  "class_declaration", "abstract_class_declaration", "interface_declaration", "class_definition", "type_declaration",
  "enum_declaration", "record_declaration", "class", "module",
]);

type Range = { start: number; end: number } | undefined;

/**
 * Every function-like and class-like node of the tree spanning more than one line, as units: the
 * same line-to-unit rule (enclosingUnit) then applies to tree-sitter, the rules and the references.
 */
function treeSitterUnits(root: Node): Unit[] {
  const units: Unit[] = [];
  const visit = (node: Node) => {
    const multiLine = node.endPosition.row > node.startPosition.row;
    // A Ruby `{ … }` block is a function; other grammars' `block` is a statement block.
    const isFunction = FUNCTION_TYPES.has(node.type) && !(node.type === "block" && node.parent?.type !== "call");
    if (multiLine && node.parent && isFunction) units.push({ kind: "function", ...withDecorators(node) });
    else if (multiLine && node.parent && CLASS_TYPES.has(node.type)) units.push({ kind: "class", ...withDecorators(node) });
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);
  return units;
}

function withDecorators(node: Node): { start: number; end: number } {
  let first: Node = node.parent?.type === "decorated_definition" ? node.parent : node;
  for (let prev = first.previousNamedSibling; prev?.type === "decorator"; prev = prev.previousNamedSibling) first = prev;
  return { start: first.startPosition.row + 1, end: node.endPosition.row + 1 };
}

/** The little of the WebAssembly API used here (the project's TypeScript lib has no DOM types). */
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; customSections(module: object, name: string): ArrayBuffer[] };
}

/** web-tree-sitter's loader throws an Error without a message when the module's dylink section is of the old kind. */
function describeLoadFailure(file: string, error: unknown): string {
  const message = error instanceof Error && error.message ? error.message : "rejected by web-tree-sitter's loader";
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const module = new wasm.Module(readFileSync(file));
    const current = wasm.Module.customSections(module, "dylink.0").length > 0;
    const old = wasm.Module.customSections(module, "dylink").length > 0;
    return `${message} (custom section ${current ? "dylink.0 present" : old ? "'dylink' of older Emscripten builds, no 'dylink.0'" : "dylink missing"})`;
  } catch {
    return message;
  }
}

function heuristicRange(units: readonly CodeUnit[], line: number): Range {
  const unit = enclosingUnit(units, line);
  return unit && { start: unit.start, end: unit.end };
}

function timeIt(fn: () => void, minMs = 200): number {
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

async function loadGrammars(dirs: readonly string[]): Promise<{ languages: Map<string, Language>; notes: string[]; loadMs: number; bytes: number }> {
  const t0 = performance.now();
  await Parser.init();
  const languages = new Map<string, Language>();
  const notes: string[] = [];
  let bytes = 0;
  for (const [name, grammar] of Object.entries(GRAMMAR)) {
    for (const dir of dirs) {
      const file = path.join(dir, `tree-sitter-${grammar}.wasm`);
      try {
        languages.set(name, await Language.load(file));
        bytes += statSync(file).size;
        notes.push(`${name}: loaded ${file} (ABI ${languages.get(name)?.abiVersion})`);
        break;
      } catch (error) {
        notes.push(`${name}: ${file} does not load: ${describeLoadFailure(file, error)}`);
      }
    }
  }
  return { languages, notes, loadMs: performance.now() - t0, bytes };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--grammars");
  const dirs = [INSTALLED, ...(at > 0 && process.argv[at + 1] ? [path.resolve(process.argv[at + 1] as string)] : [])];
  const expected = JSON.parse(readFileSync(path.join(DIR, "expected.json"), "utf8")) as { files: Case[] };
  const grammars = await loadGrammars(dirs);
  const parser = new Parser();
  const rows: Record<string, unknown>[] = [];
  const totals = { probes: 0, heuristic: 0, treeSitter: 0, treeSitterProbes: 0 };
  const misses: string[] = [];
  for (const c of expected.files) {
    const text = readFileSync(path.join(DIR, "corpus", `${c.file}.txt`), "utf8");
    const big = Array.from({ length: 40 }, () => text).join("\n");
    const units = findCodeUnits(text, c.language);
    const language = grammars.languages.get(c.language);
    let heuristicHits = 0;
    let treeHits = 0;
    const tree = language ? (parser.setLanguage(language), parser.parse(text)) : null;
    const treeUnits = tree ? treeSitterUnits(tree.rootNode) : [];
    for (const [line, start, end] of c.probes) {
      const want = start === null ? undefined : { start, end: end as number };
      const got = heuristicRange(units, line);
      const same = (r: Range) => JSON.stringify(r) === JSON.stringify(want);
      if (same(got)) heuristicHits++;
      else misses.push(`heuristic ${c.file}:${line} want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
      if (tree) {
        const unit = enclosingUnit(treeUnits, line);
        const ts = unit && { start: unit.start, end: unit.end };
        if (same(ts)) treeHits++;
        else misses.push(`tree-sitter ${c.file}:${line} want ${JSON.stringify(want)} got ${JSON.stringify(ts)}`);
      }
    }
    tree?.delete();
    const heuristicMs = timeIt(() => findCodeUnits(big, c.language));
    const treeMs = language
      ? timeIt(() => {
          parser.setLanguage(language);
          parser.parse(big)?.delete();
        })
      : null;
    totals.probes += c.probes.length;
    totals.heuristic += heuristicHits;
    if (language) {
      totals.treeSitter += treeHits;
      totals.treeSitterProbes += c.probes.length;
    }
    rows.push({
      file: c.file,
      probes: c.probes.length,
      heuristicRight: heuristicHits,
      treeSitterRight: language ? treeHits : null,
      linesTimed: big.split("\n").length,
      heuristicMsPer1000Lines: round((heuristicMs / big.split("\n").length) * 1000),
      treeSitterParseMsPer1000Lines: treeMs === null ? null : round((treeMs / big.split("\n").length) * 1000),
    });
  }
  const unseen = unseenCorpora(grammars.languages);
  const result = {
    node: process.version,
    unseen,
    grammarDirs: dirs,
    grammarNotes: grammars.notes,
    treeSitterStartupMs: round(grammars.loadMs),
    treeSitterGrammarBytes: grammars.bytes,
    files: rows,
    totals,
    misses,
  };
  writeFileSync(path.join(DIR, "results.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.table(rows);
  console.log(`heuristic: ${totals.heuristic}/${totals.probes} right; tree-sitter: ${totals.treeSitter}/${totals.treeSitterProbes} right (on the files whose grammar loaded)`);
  console.log(`tree-sitter start-up (init + ${grammars.languages.size} grammars): ${round(grammars.loadMs)} ms, ${grammars.bytes} bytes of grammars`);
  for (const u of unseen) {
    const ts = u.treeSitterRight === undefined ? "" : `; tree-sitter ${u.treeSitterRight}/${u.lines} (${round((u.treeSitterRight / u.lines) * 100)}%)`;
    console.log(`on ${u.corpus} (${u.files} files, a real parser as the reference): heuristic ${u.right}/${u.lines} lines right (${round((u.right / u.lines) * 100)}%)${ts}`);
  }
  for (const note of grammars.notes) console.log(note);
  for (const miss of misses) console.log(miss);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

const TS_FUNCTIONS = new Set([
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor,
]);
const TS_CLASSES = new Set([ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression, ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.EnumDeclaration, ts.SyntaxKind.ModuleDeclaration]);

type Unit = { kind: "function" | "class"; start: number; end: number };

interface UnseenResult {
  corpus: string;
  files: number;
  lines: number;
  right: number;
  /** The same lines with tree-sitter's range, when its grammar loaded. */
  treeSitterRight?: number | undefined;
  misses: string[];
  treeSitterMisses: string[];
}

/** Every non-blank line of `files`: the heuristic's range (and tree-sitter's) against the reference parser's. */
function compareOnFiles(
  corpus: string,
  language: string,
  files: readonly string[],
  reference: (file: string, text: string) => Unit[],
  grammar?: { parser: Parser; language: Language },
): UnseenResult {
  let lines = 0;
  let right = 0;
  let treeRight = 0;
  const misses: string[] = [];
  const treeMisses: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const units = reference(file, text);
    const found = findCodeUnits(text, language);
    grammar?.parser.setLanguage(grammar.language);
    const tree = grammar?.parser.parse(text) ?? null;
    const treeUnits = tree ? treeSitterUnits(tree.rootNode) : [];
    text.split("\n").forEach((content, i) => {
      if (content.trim() === "") return;
      lines++;
      const want = enclosingUnit(units, i + 1);
      const got = enclosingUnit(found, i + 1);
      if (want?.start === got?.start && want?.end === got?.end) right++;
      else misses.push(`${path.relative(process.cwd(), file)}:${i + 1} want ${want ? `${want.start}-${want.end}` : "none"} got ${got ? `${got.start}-${got.end}` : "none"}`);
      if (tree) {
        const unit = enclosingUnit(treeUnits, i + 1);
        const ts = unit && { start: unit.start, end: unit.end };
        if (want?.start === ts?.start && want?.end === ts?.end) treeRight++;
        else treeMisses.push(`${path.relative(process.cwd(), file)}:${i + 1} want ${want ? `${want.start}-${want.end}` : "none"} got ${ts ? `${ts.start}-${ts.end}` : "none"}`);
      }
    });
    tree?.delete();
  }
  return { corpus, files: files.length, lines, right, treeSitterRight: grammar ? treeRight : undefined, misses: misses.slice(0, 40), treeSitterMisses: treeMisses.slice(0, 40) };
}

/** Functions and classes as the TypeScript compiler parses them (TypeScript and JavaScript). */
function compilerUnits(file: string, text: string): Unit[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const units: Unit[] = [];
  const visit = (node: ts.Node) => {
    const kind = TS_FUNCTIONS.has(node.kind) ? "function" : TS_CLASSES.has(node.kind) ? "class" : undefined;
    if (kind) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      if (end > start) units.push({ kind, start, end });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return units;
}

/** Python's own parser, through python-units.py; undefined when python3 is not there. */
function pythonUnits(files: readonly string[]): Map<string, Unit[]> | undefined {
  try {
    const out = execFileSync("python3", [path.join(DIR, "python-units.py"), ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return new Map((JSON.parse(out) as { file: string; units: Unit[] }[]).map((f) => [f.file, f.units.filter((u) => u.end > u.start)]));
  } catch {
    return undefined;
  }
}

/**
 * Code the rules were not written against, with a real parser as the reference (same definition
 * as expected.json): this repository's src/**\/*.ts (TypeScript compiler), hand-written JavaScript
 * of a few installed packages (the compiler in JavaScript mode), and modules of Python's standard
 * library (Python's ast).
 */
function unseenCorpora(languages: ReadonlyMap<string, Language>): UnseenResult[] {
  const parser = new Parser();
  const grammar = (name: string) => {
    const language = languages.get(name);
    return language && { parser, language };
  };
  const src = listFiles(path.resolve("src")).filter((f) => f.endsWith(".ts"));
  const results = [compareOnFiles("this repository's src/**/*.ts", "TypeScript", src, compilerUnits, grammar("TypeScript"))];
  const js = ["pino/lib", "nock/lib", "commander/lib", "picomatch/lib"].flatMap((dir) => {
    const full = path.resolve("node_modules", dir);
    return existsSync(full) ? listFiles(full).filter((f) => f.endsWith(".js")) : [];
  });
  results.push(compareOnFiles("JavaScript of pino, nock, commander, picomatch (node_modules)", "JavaScript", js, compilerUnits, grammar("JavaScript")));
  const stdlib = pythonStdlib();
  const modules = PYTHON_MODULES.map((m) => path.join(stdlib ?? "", m)).filter((f) => stdlib !== undefined && existsSync(f));
  const byFile = modules.length > 0 ? pythonUnits(modules) : undefined;
  if (byFile) results.push(compareOnFiles("Python standard library modules", "Python", modules, (file) => byFile.get(file) ?? [], grammar("Python")));
  return results;
}

const PYTHON_MODULES = [
  "argparse.py", "csv.py", "dataclasses.py", "functools.py", "ipaddress.py", "shutil.py", "textwrap.py", "json/decoder.py", "json/encoder.py",
  "http/client.py", "http/server.py", "urllib/parse.py", "logging/__init__.py", "email/message.py", "pathlib.py", "configparser.py",
];

function pythonStdlib(): string | undefined {
  try {
    return execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

await main();
