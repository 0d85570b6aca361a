import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildConfigJsonSchema, CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema } from "../../src/config/build-config-json-schema.js";
import { validateRepoConfig } from "../../src/config/validate-repo-config.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FILE = path.join(ROOT, CONFIG_JSON_SCHEMA_PATH);
const UPDATE = "npm run schema";

describe(CONFIG_JSON_SCHEMA_PATH, () => {
  it("is current with the configuration schema", () => {
    const expected = renderConfigJsonSchema();
    if (process.env.UPDATE_SCHEMA === "1") {
      if (!existsSync(FILE) || readFileSync(FILE, "utf8") !== expected) writeFileSync(FILE, expected);
      return;
    }
    expect(existsSync(FILE), `${CONFIG_JSON_SCHEMA_PATH} is missing; run: ${UPDATE}`).toBe(true);
    expect(readFileSync(FILE, "utf8"), `${CONFIG_JSON_SCHEMA_PATH} is out of date; run: ${UPDATE}`).toBe(expected);
  });

  it("is what the README's modeline points editors at", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toMatch(new RegExp(`# yaml-language-server: \\$schema=\\S+/${CONFIG_JSON_SCHEMA_PATH.replace(/[.]/g, "\\.")}\\n`));
  });
});

describe("the published schema agrees with the App's validator", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(buildConfigJsonSchema());

  it.each([
    ["an empty file", ""],
    ["every default, as the README shows it", "enabled: true\nmin_severity: low\nfail_on: never\ncategories:\n  security: true\nmax_comments: 30\n"],
    ["inheritance from the organisation", "_extends: .github\nfail_on: high\n"],
    ["opting in to code scanning", "code_scanning: true\n"],
    ["an agent file", "agent: agents/reviewer.md\ncommands:\n  allowed: anyone\n"],
  ])("accepts %s", (_name, yaml) => {
    const config: unknown = parse(yaml) ?? {};
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    const { _extends: _ignored, ...rest } = config as Record<string, unknown>;
    expect(validateRepoConfig(rest).ok).toBe(true);
  });

  it.each([
    ["a misspelt key", "fail_onn: high\n"],
    ["an unknown severity", "fail_on: sometimes\n"],
    ["too many comments", "max_comments: 51\n"],
    ["a nested unknown key", "skip:\n  branches: [main]\n"],
    ["an absolute agent path", "agent: /etc/agent.md\n"],
    ["a string for a boolean", "code_scanning: yes please\n"],
  ])("rejects %s, as the App does", (_name, yaml) => {
    const config: unknown = parse(yaml);
    expect(validate(config)).toBe(false);
    expect(validateRepoConfig(config).ok).toBe(false);
  });
});
