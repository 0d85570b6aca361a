import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { locateYamlKey } from "../config/locate-yaml-key.js";
import { CONFIG_PATH, DEFAULT_REPO_CONFIG, type RepoConfig } from "../config/repo-config-schema.js";
import { validateRepoConfig, type ConfigProblem } from "../config/validate-repo-config.js";
import { plural } from "../review/markdown.js";
import { CliError, messageOf } from "./cli-error.js";

export interface LocalConfig {
  config: RepoConfig;
  /** Things worth a line on stderr that do not stop the review. */
  notes: string[];
}

/** `.github/backend-review.yml` from disk; a missing file means the defaults unless it was asked for. */
export async function readLocalConfig(file: string, label: string, required: boolean): Promise<LocalConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : messageOf(error);
    if (!required && code === "ENOENT") return { config: DEFAULT_REPO_CONFIG, notes: [] };
    throw new CliError(`cannot read the configuration file ${label}: ${code}`);
  }
  return parseLocalConfig(text, label);
}

export function parseLocalConfig(text: string, label: string): LocalConfig {
  const doc = parseDocument(text, { lineCounter: new LineCounter() });
  const syntax = doc.errors[0];
  if (syntax) {
    // The position goes in front, where every other problem has its line; the column stays in words.
    const detail = (syntax.message.split("\n")[0] ?? "").replace(/ at line \d+, column (\d+):?$/, " (column $1)");
    const message = `is not valid YAML: ${detail}`;
    throw configError([{ key: "(file)", message, file: label, line: syntax.linePos?.[0].line }]);
  }
  const raw: unknown = doc.toJS();
  const validation = validateRepoConfig(raw);
  if (!validation.ok) {
    const located = validation.problems.map((p) => ({ ...p, file: label, line: locateYamlKey(text, p.key) }));
    throw configError(located.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
  }
  // `_extends` names a file in another GitHub repository: only the App (and pr mode) can follow it.
  const extended = typeof raw === "object" && raw !== null && "_extends" in raw;
  const notes = extended ? [`${label}: _extends is not followed for a local file; only this file's settings apply`] : [];
  return { config: validation.config, notes };
}

/** One line per problem, `file:line: key: what is wrong`, the way compilers point at a place to edit. */
export function configError(problems: readonly ConfigProblem[]): CliError {
  const lines = problems.map((p) => `  ${p.file ?? CONFIG_PATH}${p.line !== undefined ? `:${p.line}` : ""}: ${p.key}: ${p.message}`);
  return new CliError([`invalid configuration (${plural(problems.length, "problem")}); no review was run:`, ...lines].join("\n"));
}
