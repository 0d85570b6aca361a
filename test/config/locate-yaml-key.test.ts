import { describe, expect, it } from "vitest";
import { locateYamlKey } from "../../src/config/locate-yaml-key.js";

const FILE = [
  "# Backend review settings", // 1
  "", // 2
  "enabled: true", // 3
  "skip:", // 4
  "  # bots and work in progress", // 5
  "  authors:", // 6
  "    - dependabot[bot]", // 7
  "  titles:", // 8
  "    - '^wip'", // 9
  "    - '(unclosed'", // 10
  "paths: { include: [scripts/**], exclude: [docs/**] }", // 11
  "", // 12
  "fail_on: hgh", // 13
].join("\n");

describe("locateYamlKey", () => {
  it.each<[string, number | undefined]>([
    ["enabled", 3],
    ["fail_on", 13],
    ["skip", 4],
    ["skip.authors", 6],
    ["skip.authors.0", 7],
    ["skip.titles", 8],
    ["skip.titles.0", 9],
    ["skip.titles.1", 10],
    ["paths.exclude", 11],
    ["paths.include.0", 11],
    // Missing keys point at the nearest parent that exists: that is where the fix goes.
    ["skip.labels", 4],
    ["skip.titles.7", 8],
    ["enabled.nested", 3],
    ["max_comments", undefined],
    ["(file)", undefined],
  ])("finds %s on line %s", (key, line) => {
    expect(locateYamlKey(FILE, key)).toBe(line);
  });

  it("counts lines the same in CRLF text", () => {
    const crlf = FILE.replace(/\n/g, "\r\n");
    expect(locateYamlKey(crlf, "skip.titles.1")).toBe(10);
    expect(locateYamlKey(crlf, "fail_on")).toBe(13);
  });

  it("finds items of a top-level list", () => {
    expect(locateYamlKey("- a\n- b\n", "1")).toBe(2);
  });

  it("matches keys that YAML reads as numbers or booleans by their text", () => {
    expect(locateYamlKey("a: 1\n10: x\ntrue: y\n", "10")).toBe(2);
    expect(locateYamlKey("a: 1\n10: x\ntrue: y\n", "true")).toBe(3);
  });

  it.each([
    ["text that does not parse", "skip: [unclosed\nenabled: true\n"],
    ["a duplicated key", "enabled: true\nenabled: false\n"],
    ["an empty text", ""],
    ["a scalar document", "just words"],
  ])("is undefined for %s", (_name, text) => {
    expect(locateYamlKey(text, "enabled")).toBeUndefined();
  });
});
