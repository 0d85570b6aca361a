import type { z } from "zod";
import { RepoConfigSchema, type RepoConfig } from "./repo-config-schema.js";
import { closestKey } from "./closest-key.js";

export interface ConfigProblem {
  /** Dotted key, e.g. `skip.titles.1`; "(file)" for the file as a whole. */
  key: string;
  /** What was expected and what was found, in words. */
  message: string;
  /** Path of the file the value came from, e.g. `acme/.github:.github/backend-review.yml`. */
  file?: string | undefined;
  line?: number | undefined;
}

export type ConfigValidation = { ok: true; config: RepoConfig } | { ok: false; problems: ConfigProblem[] };

/** Every problem at once, each naming its key and what was found, so one edit can fix them all. */
export function validateRepoConfig(raw: unknown): ConfigValidation {
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, problems: [{ key: "(file)", message: `expected a mapping of keys to values; found ${describe(raw)}` }] };
  }
  // `_extends` is consumed by the loader (it names the file to inherit from), not a setting.
  const { _extends: _ignored, ...settings } = raw as Record<string, unknown>;
  const parsed = RepoConfigSchema.safeParse(settings);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap((issue) => toProblems(issue, settings)) };
}

function toProblems(issue: z.core.$ZodIssue, root: unknown): ConfigProblem[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const siblings = knownKeys(path);
    return issue.keys.map((key) => {
      const guess = closestKey(key, siblings);
      const hint = guess ? ` (did you mean "${guess}"?)` : siblings.length > 0 ? ` (known keys: ${siblings.join(", ")})` : "";
      return { key: [...path, key].join("."), message: `unknown key${hint}` };
    });
  }
  const found = describe(valueAt(root, path));
  return [{ key: path.join(".") || "(file)", message: `${expected(issue)}; found ${found}` }];
}

function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "too_big":
      return issue.origin === "string" ? `must be at most ${issue.maximum} characters` : `must be at most ${issue.maximum}`;
    case "too_small":
      return issue.origin === "string" ? "must not be empty" : `must be at least ${issue.minimum}`;
    case "invalid_format":
      return issue.message;
    default:
      return issue.message;
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: "a whole number",
  number: "a number",
  boolean: "true or false",
  string: "text",
  array: "a list",
  object: "a mapping",
};

function knownKeys(path: string[]): string[] {
  let shape: unknown = RepoConfigSchema;
  for (const key of path) shape = objectShape(shape)?.[key];
  return Object.keys(objectShape(shape) ?? {});
}

/** Reaches through `.default()`/`.optional()` wrappers to an object's shape. */
function objectShape(schema: unknown): Record<string, unknown> | undefined {
  let current = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown } } | undefined;
  while (current && !current.shape && current.def?.innerType) current = current.def.innerType as typeof current;
  return current?.shape;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}
