/**
 * Reads every case of a corpus directory and validates all of them before anything runs, so one
 * typo costs seconds rather than a paid run. Every problem names its file and key.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import type { CheckItem } from "../src/review/agent.js";
import { checkCase } from "./check-case.js";
import { CaseSchema, describeIssues, isSafeTwin, type EvalCase } from "./corpus-schema.js";

export class CorpusError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(["the evaluation corpus is invalid:", ...problems.map((p) => `  ${p}`)].join("\n"));
    this.name = "CorpusError";
  }
}

export interface LoadedCase {
  evalCase: EvalCase;
  /** The case's file as given (corpus directory joined with the file name): for messages. */
  file: string;
}

const CASE_FILE = /\.(ya?ml|json)$/i;

/** `checks` is the agent's checklist; without it, check ids are not checked against one. */
export async function loadCorpus(dir: string, checks?: readonly CheckItem[]): Promise<LoadedCase[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => CASE_FILE.test(name)).sort();
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new CorpusError([`${dir}: cannot read the corpus directory (${code})`]);
  }
  if (names.length === 0) throw new CorpusError([`${dir}: no case files (*.yaml, *.yml, *.json)`]);
  const loaded: LoadedCase[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const result = parseCase(await readFile(file, "utf8"), name, checks);
    if (result.ok) loaded.push({ evalCase: result.evalCase, file });
    else problems.push(...result.problems.map((problem) => `${file}: ${problem}`));
  }
  problems.push(...crossCaseProblems(loaded));
  if (problems.length > 0) throw new CorpusError(problems);
  // By id rather than file name, so that "x-safe" follows "x" ("-" sorts before ".").
  return loaded.sort((a, b) => (a.evalCase.id < b.evalCase.id ? -1 : 1));
}

type Parsed = { ok: true; evalCase: EvalCase } | { ok: false; problems: string[] };

/** Validates one case file's text; `name` is its file name, which must be `<id>.<ext>`. */
export function parseCase(text: string, name: string, checks?: readonly CheckItem[]): Parsed {
  const raw = readData(text, name);
  if (!raw.ok) return raw;
  const parsed = CaseSchema.safeParse(raw.value);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error.issues) };
  const evalCase = parsed.data;
  const stem = name.replace(CASE_FILE, "");
  const problems = stem === evalCase.id ? [] : [`id: "${evalCase.id}" must match the file name "${stem}"`];
  problems.push(...checkCase(evalCase, checks));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, evalCase };
}

function readData(text: string, name: string): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  if (name.toLowerCase().endsWith(".json")) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (error) {
      return { ok: false, problems: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
    }
  }
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (!first) return { ok: true, value: doc.toJS() };
  const line = first.linePos?.[0].line;
  // The yaml package ends its first message line with the position, which the prefix already gives.
  const message = (first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  return { ok: false, problems: [`${line === undefined ? "" : `line ${line}: `}not valid YAML: ${message}`] };
}

/** Ids are unique, and twins point at each other with exactly one of the two expected silent. */
function crossCaseProblems(loaded: readonly LoadedCase[]): string[] {
  const byId = new Map<string, LoadedCase>();
  const problems: string[] = [];
  for (const item of loaded) {
    const other = byId.get(item.evalCase.id);
    if (other) problems.push(`${item.file}: id: "${item.evalCase.id}" is also the id of ${other.file}`);
    else byId.set(item.evalCase.id, item);
  }
  for (const { evalCase, file } of loaded) {
    if (evalCase.twin === undefined) continue;
    const twin = byId.get(evalCase.twin);
    if (!twin) problems.push(`${file}: twin: no case has the id "${evalCase.twin}"`);
    else if (twin.evalCase.twin !== evalCase.id) problems.push(`${file}: twin: "${evalCase.twin}" does not name "${evalCase.id}" as its twin`);
    else if (isSafeTwin(twin.evalCase) === isSafeTwin(evalCase)) {
      problems.push(`${file}: twin: exactly one of "${evalCase.id}" and "${evalCase.twin}" must expect silence`);
    }
  }
  return problems;
}
