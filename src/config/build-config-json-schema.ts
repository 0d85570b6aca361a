import { z } from "zod";
import { CONFIG_PATH, RepoConfigSchema } from "./repo-config-schema.js";

/** Where the published schema lives in this repository; the README's modeline points at it. */
export const CONFIG_JSON_SCHEMA_PATH = "schema/backend-review.schema.json";

/**
 * The JSON Schema of `.github/backend-review.yml` for editors (yaml-language-server and the
 * like), generated from the zod schema the App validates with, so the two cannot disagree.
 * `io: "input"`: what a person may write, so keys with defaults are optional. `_extends` is
 * added because the configuration loader takes it out before validation.
 */
export function buildConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(RepoConfigSchema, { io: "input" });
  const { $schema, properties, ...rest } = generated;
  return {
    $schema,
    title: "backend-review repository configuration",
    description: `${CONFIG_PATH}, read from the default branch. Generated from the App's own schema; see the README's "Repository configuration".`,
    ...rest,
    properties: {
      _extends: {
        type: "string",
        minLength: 1,
        description:
          "Inherit another configuration and override it: `.github` (the organisation's .github repository), `other-repo`, or `owner/repo:path.yml`. Mappings merge key by key; lists and values are replaced.",
      },
      ...properties,
    },
  };
}

/** The file's text: two-space JSON and a final newline, as committed. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}
