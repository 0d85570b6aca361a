/**
 * Checks that need the diff: a case whose expected line is not in its diff, or whose file the
 * core would skip, could never be matched, and would quietly read as a miss of the model's.
 */
import { buildLineIndex, type LineIndex } from "../src/diff/commentable-lines.js";
import { parsePatch } from "../src/diff/parse-patch.js";
import { selectFiles } from "../src/diff/select-files.js";
import type { ChangedFile } from "../src/diff/types.js";
import type { CheckItem } from "../src/review/agent.js";
import { caseFiles } from "./case-files.js";
import { expectedOf, lineRange, type EvalCase, type ExpectedFinding } from "./corpus-schema.js";

/** Problems as "key: message", like the schema's. */
export function checkCase(evalCase: EvalCase, checks: readonly CheckItem[] | undefined): string[] {
  const files = caseFiles(evalCase);
  const fileKey = (i: number) => (evalCase.diff === undefined ? `files[${i}]` : "diff");
  if (files.length === 0) return ["diff: no file found in the diff text"];
  const problems: string[] = [];
  const indexes = new Map<string, LineIndex>();
  files.forEach((file, i) => {
    problems.push(...fileProblems(file).map((message) => `${fileKey(i)}: ${file.filename}: ${message}`));
    const parsed = parsePatch(file.patch ?? "");
    indexes.set(file.filename, buildLineIndex(parsed.hunks));
  });
  expectedOf(evalCase).forEach((expected, i) => {
    problems.push(...expectationProblems(expected, indexes, checks).map((problem) => `expect[${i}].${problem}`));
  });
  return problems;
}

function fileProblems(file: ChangedFile): string[] {
  const skipped = selectFiles([file]).skipped[0];
  const problems = skipped ? [`the core would not review this file (${skipped.reason})`] : [];
  const parsed = parsePatch(file.patch ?? "");
  return [...problems, ...parsed.problems.map((p) => `patch line ${p.patchLine}: ${p.message}`)];
}

function expectationProblems(
  expected: ExpectedFinding,
  indexes: ReadonlyMap<string, LineIndex>,
  checks: readonly CheckItem[] | undefined,
): string[] {
  const problems: string[] = [];
  const index = indexes.get(expected.path);
  if (!index) problems.push(`path: ${expected.path} is not a file of this case's diff`);
  const [start, end] = lineRange(expected);
  if (index && (!index.isCommentable(start) || !index.isCommentable(end))) {
    const which = start === end ? `line ${start} is not an added or context line` : `lines ${start}-${end} are not both added or context lines`;
    problems.push(`line: ${which} of ${expected.path}`);
  }
  if (checks) {
    const check = checks.find((item) => item.id === expected.check_id);
    if (!check) problems.push(`check_id: "${expected.check_id}" is not in the agent's checklist`);
    else if (check.category !== expected.category) {
      problems.push(`category: the checklist files ${check.id} under ${check.category}, not ${expected.category}`);
    }
  }
  return problems;
}
