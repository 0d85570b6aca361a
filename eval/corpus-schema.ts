/**
 * The shape of one evaluation case, as written in eval/corpus/<id>.yaml (or .json). The schema
 * only checks the shape; check-case.ts checks what needs the diff itself (paths, line numbers).
 */
import { z } from "zod";
import { CATEGORIES } from "../src/review/finding.js";

export const LANGUAGES = ["javascript", "typescript", "python", "go", "java"] as const;

const lineNumber = z.number().int().positive();

/** One line, or an inclusive [start, end] range for a defect that spans lines. */
const LineSpecSchema = z.union(
  [lineNumber, z.tuple([lineNumber, lineNumber]).refine(([start, end]) => start <= end, "a range is [start, end] with start <= end")],
  { error: "must be a line number or a [start, end] range" },
);

const ExpectedSchema = z.strictObject({
  path: z.string().min(1),
  line: LineSpecSchema,
  category: z.enum(CATEGORIES),
  check_id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,60}$/, "must be a checklist id such as sql-injection"),
});

const FileSchema = z.strictObject({
  path: z.string().min(1),
  // GitHub's other statuses (removed, renamed…) are never reviewed or need a previous path: not worth a case.
  status: z.enum(["added", "modified"]).default("modified"),
  patch: z.string().min(1),
});

export const CaseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case kebab-case"),
    language: z.enum(LANGUAGES),
    description: z.string().trim().min(10),
    /** The id of the paired case: the vulnerable one for a safe twin and the other way round. */
    twin: z.string().min(1).optional(),
    files: z.array(FileSchema).min(1).optional(),
    /** A whole `git diff` text, as an alternative to `files`. */
    diff: z.string().min(1).optional(),
    expect: z.union([z.literal("silence"), z.array(ExpectedSchema).min(1)], {
      error: 'must be "silence" or a list of expected findings',
    }),
  })
  .superRefine((value, ctx) => {
    if ((value.files === undefined) === (value.diff === undefined)) {
      ctx.addIssue({ code: "custom", path: ["files"], message: "give either files (path + patch per file) or diff (a whole git diff), not both" });
    }
  });

export type EvalCase = z.infer<typeof CaseSchema>;
export type ExpectedFinding = z.infer<typeof ExpectedSchema>;

export function lineRange(expected: ExpectedFinding): [number, number] {
  return typeof expected.line === "number" ? [expected.line, expected.line] : expected.line;
}

export function isSafeTwin(evalCase: EvalCase): boolean {
  return evalCase.expect === "silence";
}

export function expectedOf(evalCase: EvalCase): ExpectedFinding[] {
  return evalCase.expect === "silence" ? [] : evalCase.expect;
}

/** `expect[0].line` from zod's ["expect", 0, "line"]. */
export function keyOf(path: readonly PropertyKey[]): string {
  const key = path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");
  return key.startsWith(".") ? key.slice(1) : key || "(case)";
}

/**
 * Zod reports a failed union as one "invalid input" at the union. When the value had the right
 * type for one branch (a list, a tuple) the author wants that branch's own problems, so those are
 * surfaced; when it fits no branch, the union's message says what was allowed.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union") {
      const fitting = issue.errors.find((branch) => branch.some((inner) => inner.path.length > 0 || !isShapeMismatch(inner)));
      if (fitting) return describeIssues(fitting, path);
    }
    const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
    return [`${keyOf(path)}: ${missing ? "is required" : issue.message}`];
  });
}

function isShapeMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.code === "invalid_type" || issue.code === "invalid_value";
}
