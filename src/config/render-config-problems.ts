import { cellCode, plural } from "../review/markdown.js";
import { CONFIG_PATH } from "./repo-config-schema.js";
import type { ConfigProblem } from "./validate-repo-config.js";

export function configProblemsTitle(problems: readonly ConfigProblem[]): string {
  return `Invalid configuration: ${plural(problems.length, "problem")} in ${CONFIG_PATH}`;
}

/** A table a user can fix the file from: where, which key, what was expected and found. */
export function renderConfigProblems(problems: readonly ConfigProblem[]): string {
  const rows = problems.map((p) => {
    const where = p.file ? `${p.file}${p.line !== undefined ? `:${p.line}` : ""}` : CONFIG_PATH;
    return `| ${cellCode(where)} | ${cellCode(p.key)} | ${escapeCell(p.message)} |`;
  });
  return [
    `No review was run: ${CONFIG_PATH} has ${plural(problems.length, "problem")}. The file is read from the default branch; fix it there and push again or comment \`/review\`.`,
    "",
    "| Where | Key | Problem |",
    "| --- | --- | --- |",
    ...rows,
  ].join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ").replace(/</g, "&lt;");
}
