import { stringify } from "yaml";
import { z } from "zod";
import { cellCode } from "../review/markdown.js";
import { CONFIG_PATH, DEFAULT_REPO_CONFIG, RepoConfigSchema } from "./repo-config-schema.js";

type JsonSchema = z.core.JSONSchema.JSONSchema;

interface Leaf {
  key: string;
  schema: JsonSchema;
}

/**
 * The README's reference for `.github/backend-review.yml`, rendered from the schema so that the
 * documentation cannot drift from what the validator accepts. `io: "input"` describes what a
 * user may write (defaults make keys optional), not what the code receives.
 */
export function renderConfigReference(): string {
  const root = z.toJSONSchema(RepoConfigSchema, { io: "input" });
  const rows = leaves(root, []).map(
    ({ key, schema }) => `| ${cellCode(key)} | ${typeInWords(schema)} | ${defaultCell(schema)} | ${escapeCell(schema.description ?? "")} |`,
  );
  return [
    "| Key | Type | Default | Description |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    `Every default, as a complete \`${CONFIG_PATH}\` (keys without a default are left out):`,
    "",
    "```yaml",
    stringify(DEFAULT_REPO_CONFIG).trimEnd(),
    "```",
  ].join("\n");
}

/** Mappings are flattened into dotted keys because that is how problems name them too. */
function leaves(schema: JsonSchema, path: readonly string[]): Leaf[] {
  if (schema.type !== "object" || !schema.properties) return [{ key: path.join("."), schema }];
  return Object.entries(schema.properties).flatMap(([name, child]) =>
    typeof child === "boolean" ? [] : leaves(child, [...path, name]),
  );
}

export function typeInWords(schema: JsonSchema): string {
  if (schema.enum) return `one of: ${schema.enum.map(String).join(", ")}`;
  switch (schema.type) {
    case "boolean":
      return "boolean";
    case "integer":
      return `whole number${range(schema)}`;
    case "number":
      return `number${range(schema)}`;
    case "string":
      return textInWords(schema);
    case "array": {
      const item = Array.isArray(schema.items) || typeof schema.items !== "object" ? undefined : schema.items;
      return `list of ${item ? typeInWords(item) : "values"}`;
    }
    default:
      return "value";
  }
}

function textInWords(schema: JsonSchema): string {
  const limit = schema.maxLength !== undefined ? `, at most ${formatNumber(schema.maxLength)} characters` : "";
  const pattern = schema.pattern !== undefined ? ` matching ${cellCode(schema.pattern)}` : "";
  return `text${pattern}${limit}`;
}

function range(schema: JsonSchema): string {
  // zod writes the safe-integer bound for `z.int()` with no maximum: that is not a limit a user sets.
  const max = schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;
  const min = schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER ? schema.minimum : undefined;
  if (min !== undefined && max !== undefined) return ` ${formatNumber(min)}–${formatNumber(max)}`;
  if (min !== undefined) return `, at least ${formatNumber(min)}`;
  if (max !== undefined) return `, at most ${formatNumber(max)}`;
  return "";
}

function defaultCell(schema: JsonSchema): string {
  if (schema.default === undefined) return "—";
  return cellCode(stringify(schema.default, { collectionStyle: "flow" }).trim());
}

function formatNumber(value: number): string {
  return value.toLocaleString("en-US");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
}
