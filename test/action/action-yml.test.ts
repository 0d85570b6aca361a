import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { INPUT_NAMES } from "../../src/action/action-inputs.js";
import { stepOutputs } from "../../src/action/run-action.js";

interface ActionYml {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const root = new URL("../../", import.meta.url);
const action = parse(readFileSync(new URL("action.yml", root), "utf8")) as ActionYml;

describe("action.yml", () => {
  it("declares exactly the inputs the entry reads, and the outputs it writes", () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(stepOutputs([], undefined)).sort());
  });

  it("runs the committed bundle on node24, with the job's token and the App's config path as defaults", () => {
    expect(action.runs).toEqual({ using: "node24", main: "action/index.mjs" });
    expect(existsSync(new URL(action.runs.main, root))).toBe(true);
    expect(action.inputs["github-token"]?.default).toBe("${{ github.token }}");
    expect(action.inputs.config?.default).toBe(".github/backend-review.yml");
    expect(action).toMatchObject({ name: "backend-review", branding: { icon: expect.any(String), color: expect.any(String) } });
  });
});
