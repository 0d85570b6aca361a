/**
 * Loads the reviewer's definition: a Claude Code style agent file (YAML front matter, then the
 * system prompt in Markdown). Every problem becomes one AgentFileError that names the file, so a
 * broken agent file stops the app at startup with a message that says what to fix.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { z } from "zod";

export { listCheckIds, listChecks, type CheckItem } from "./checklist.js";

export interface AgentDefinition {
  name: string;
  description: string;
  /** Resolved full model id, ready for the Messages API. */
  model: string;
  /** The model as written in the front matter, e.g. "sonnet". */
  modelSetting: string;
  /** The body after the front matter, trimmed: sent as the system prompt. */
  prompt: string;
  /** Path or label used in error messages. */
  source: string;
}

export class AgentFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AgentFileError";
  }
}

/*
 * The newest model of each family in @anthropic-ai/sdk 1.14.0. There is no parent conversation
 * to inherit a model from, so "inherit" means our default.
 */
export const MODEL_ALIASES = Object.freeze({
  sonnet: "claude-sonnet-5-5",
  opus: "claude-opus-5-5",
  haiku: "claude-haiku-5-5",
  inherit: "claude-sonnet-5-5",
} as const);

const ALIAS_LOOKUP: ReadonlyMap<string, string> = new Map(Object.entries(MODEL_ALIASES));
// "@" and "/" for the ids of other providers, written in full: claude-sonnet-4-5@20250929 (Vertex AI),
// arn:aws:bedrock:…:application-inference-profile/… (Bedrock); src/model/provider-model-ids.ts maps ours.
const MODEL_ID = /^[a-z0-9][a-z0-9.:_@/-]*$/i;

function unknownModel(setting: string): string {
  const aliases = Object.keys(MODEL_ALIASES).join(", ");
  return `unknown model "${setting}" (use one of ${aliases} or a full model id such as claude-sonnet-4-5)`;
}

function tryResolveModel(setting: string): string | undefined {
  const value = setting.trim();
  const alias = ALIAS_LOOKUP.get(value.toLowerCase());
  if (alias !== undefined) return alias;
  return MODEL_ID.test(value) ? value : undefined;
}

export function resolveModel(setting: string): string {
  const model = tryResolveModel(setting);
  if (model === undefined) throw new AgentFileError(unknownModel(setting));
  return model;
}

const requiredText = (key: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `"${key}" is required` : `"${key}" must be a string`) })
    .trim()
    .min(1, `"${key}" must not be empty`);

// Unknown keys (tools, color, …) are stripped: the Claude Code format allows them and we have no use for them.
const FrontMatterSchema = z.object({
  name: requiredText("name"),
  description: requiredText("description"),
  model: requiredText("model")
    .refine((setting) => tryResolveModel(setting) !== undefined, { error: (issue) => unknownModel(String(issue.input)) })
    .default("sonnet"),
});

const FENCE = /^---[ \t]*$/;

function splitFrontMatter(text: string, source: string): { yamlText: string; body: string } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? "")) {
    throw new AgentFileError(`${source}: line 1: the file must start with a '---' front matter block`);
  }
  const close = lines.findIndex((line, index) => index > 0 && FENCE.test(line));
  if (close === -1) {
    throw new AgentFileError(`${source}: line 1: the front matter block opened here is never closed by a '---' line`);
  }
  // The leading empty line stands in for the opening '---' so that YAML's line numbers are the file's.
  const yamlText = ["", ...lines.slice(1, close)].join("\n");
  return { yamlText, body: lines.slice(close + 1).join("\n").trim() };
}

/*
 * Claude Code reads `description: Use this agent when… Examples: <example>Context: …` as one
 * string, though strict YAML rejects the second ": " in a plain value. Agent files in the wild
 * (our own original among them) rely on that, so such a line is retried as a quoted string.
 */
const PLAIN_VALUE = /^([A-Za-z_][\w-]*):[ \t]+([^\s[\]{}"'|>&*!%@`#,?-].*?)[ \t]*$/;

function quoteColonValues(yamlText: string): string {
  return yamlText
    .split("\n")
    .map((line) => {
      const [, key, value] = PLAIN_VALUE.exec(line) ?? [];
      return key !== undefined && value !== undefined && /:(\s|$)/.test(value) ? `${key}: ${JSON.stringify(value)}` : line;
    })
    .join("\n");
}

function parseFrontMatter(yamlText: string, source: string): unknown {
  const strict = parseDocument(yamlText);
  if (strict.errors.length === 0) return strict.toJS();
  const lenient = parseDocument(quoteColonValues(yamlText));
  if (lenient.errors.length === 0) return lenient.toJS();
  // Report the strict error: it points at what the author wrote, not at our rewrite.
  const detail = (strict.errors[0]?.message ?? "").split("\n")[0]?.replace(/:$/, "");
  throw new AgentFileError(`${source}: front matter is not valid YAML: ${detail}`);
}

export function parseAgent(text: string, source: string): AgentDefinition {
  const { yamlText, body } = splitFrontMatter(text, source);
  const raw = parseFrontMatter(yamlText, source) ?? {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new AgentFileError(`${source}: front matter must be a YAML mapping of keys to values`);
  }
  const parsed = FrontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join("; ");
    throw new AgentFileError(`${source}: front matter: ${problems}`);
  }
  if (body === "") throw new AgentFileError(`${source}: the prompt after the front matter is empty`);
  const { name, description, model } = parsed.data;
  return { name, description, model: resolveModel(model), modelSetting: model, prompt: body, source };
}

export async function loadAgentFile(filePath: string): Promise<AgentDefinition> {
  let text: string;
  try {
    text = await readFile(filePath, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : String(error);
    throw new AgentFileError(`cannot read agent file ${filePath}: ${code}`, { cause: error });
  }
  return parseAgent(text, filePath);
}

const AGENT_FILE = path.join("agents", "backend-developer.md");

/*
 * This module runs from src/review (vitest, tsx) and from dist/src/review (built), at different
 * depths, so the project root is found by walking up rather than by a fixed "../..".
 */
function findDefaultAgentPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, AGENT_FILE);
    if (existsSync(candidate) && existsSync(path.join(dir, "package.json"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Not found: point at the working directory so loadAgentFile's error names a sensible place.
  return path.resolve(AGENT_FILE);
}

export const DEFAULT_AGENT_PATH: string = findDefaultAgentPath();
