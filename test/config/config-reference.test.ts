import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderConfigReference, typeInWords } from "../../src/config/render-config-reference.js";

const README = path.resolve(import.meta.dirname, "../../README.md");
const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";
const UPDATE = "UPDATE_README=1 npx vitest run test/config/config-reference.test.ts";

/** The markers sit on their own lines, so the section is the reference between two line breaks. */
const SECTION = `\n${renderConfigReference()}\n`;

type Markers = { ok: true; from: number; to: number } | { ok: false; message: string };

/** Where the generated section starts and ends; the rest of the README belongs to its editors. */
function findMarkers(readme: string): Markers {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start !== -1 && end > start && readme.indexOf(START, start + 1) === -1 && readme.indexOf(END, end + 1) === -1) {
    return { ok: true, from: start + START.length, to: end };
  }
  const message = `README.md needs exactly one line "${START}" followed by one line "${END}" where the configuration reference goes; add them, then run: ${UPDATE}`;
  return { ok: false, message };
}

describe("README configuration reference", () => {
  it("matches the schema", () => {
    if (!existsSync(README)) {
      expect.fail(`README.md does not exist; create it with the lines "${START}" and "${END}", then run: ${UPDATE}`);
    }
    // Compared without CR so that a Windows checkout of the README does not fail, and written
    // back with the file's own line endings so that only the section changes.
    const raw = readFileSync(README, "utf8");
    const eol = raw.includes("\r\n") ? "\r\n" : "\n";
    const readme = raw.replace(/\r\n/g, "\n");
    const markers = findMarkers(readme);
    if (!markers.ok) return expect.fail(markers.message);
    const current = readme.slice(markers.from, markers.to);
    if (process.env.UPDATE_README === "1") {
      if (current !== SECTION) writeFileSync(README, (readme.slice(0, markers.from) + SECTION + readme.slice(markers.to)).replace(/\n/g, eol));
      return;
    }
    expect(current, `The configuration reference in README.md is out of date; run: ${UPDATE}`).toBe(SECTION);
  });

  it.each([
    ["no markers", "# backend-review\n"],
    ["only the start marker", `${START}\n`],
    ["the markers reversed", `${END}\n${START}\n`],
    ["two start markers", `${START}\n${START}\n${END}\n`],
    ["two end markers", `${START}\n${END}\n${END}\n`],
  ])("asks for the markers when the README has %s", (_name, readme) => {
    const markers = findMarkers(readme);
    expect(markers.ok).toBe(false);
    expect(markers.ok ? "" : markers.message).toContain(`add them, then run: ${UPDATE}`);
  });

  it("finds the text between the markers", () => {
    const readme = `# Title\n\n${START}\nold\n${END}\n\nMore.\n`;
    const markers = findMarkers(readme);
    expect(markers.ok && readme.slice(markers.from, markers.to)).toBe("\nold\n");
  });
});

describe("renderConfigReference", () => {
  const reference = renderConfigReference();

  it.each([
    "| `enabled` | boolean | `true` | Review pull requests in this repository at all. |",
    "| `paths.include` | list of text | `[]` |",
    "| `fail_on` | one of: critical, high, medium, low, never | `never` |",
    "| `max_comments` | whole number 1–50 | `30` |",
    "| `max_input_tokens` | whole number, at least 10,000 | — |",
    "| `instructions` | text, at most 4,000 characters | — |",
    "| `model` | text | — |",
    "| `commands.allowed` | one of: write, author_or_write, anyone | `write` |",
  ])("has the row %s", (row) => {
    expect(reference).toContain(row);
  });

  it("has one row per leaf key and no row for a mapping", () => {
    const keys = Array.from(reference.matchAll(/^\| `([^`]+)` \|/gm), (m) => m[1]);
    expect(keys).toEqual([
      "enabled",
      "paths.include",
      "paths.exclude",
      "review_drafts",
      "review_tests",
      "skip.authors",
      "skip.labels",
      "skip.titles",
      "min_severity",
      "min_confidence",
      "verify",
      "context",
      "fail_on",
      "categories.security",
      "categories.performance",
      "categories.reliability",
      "max_comments",
      "model",
      "max_input_tokens",
      "instructions",
      "agent",
      "commands.enabled",
      "commands.allowed",
      "commands.max_per_hour",
      "auto_review",
      "code_scanning",
    ]);
  });

  it("ends with the defaults as YAML", () => {
    expect(reference).toContain("```yaml\nenabled: true\npaths:\n  include: []\n  exclude: []\nreview_drafts: false\n");
    expect(reference.endsWith("auto_review: every_push\ncode_scanning: false\n```")).toBe(true);
  });

  it.each<[Parameters<typeof typeInWords>[0], string]>([
    [{ type: "number" }, "number"],
    [{ type: "number", maximum: 1 }, "number, at most 1"],
    [{ type: "integer", minimum: 0, maximum: 1_000_000 }, "whole number 0–1,000,000"],
    [{ type: "array" }, "list of values"],
    [{ type: "string", pattern: "a|b" }, "text matching `a\\|b`"],
    [{ type: "null" }, "value"],
  ])("words the type %j as %s", (schema, words) => {
    expect(typeInWords(schema)).toBe(words);
  });
});
