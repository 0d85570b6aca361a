import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mergeConfigs } from "../../src/config/merge-configs.js";

describe("mergeConfigs", () => {
  it.each<[string, unknown[], Record<string, unknown>]>([
    ["no layers", [], {}],
    ["one layer", [{ fail_on: "high" }], { fail_on: "high" }],
    ["a repository value over the org's", [{ fail_on: "high" }, { fail_on: "low" }], { fail_on: "low" }],
    ["keys from both layers", [{ fail_on: "high" }, { max_comments: 10 }], { fail_on: "high", max_comments: 10 }],
    [
      "mappings key by key",
      [{ skip: { authors: ["dependabot[bot]"], labels: ["wip"] } }, { skip: { labels: ["no-review"] } }],
      { skip: { authors: ["dependabot[bot]"], labels: ["no-review"] } },
    ],
    [
      "mappings at any depth",
      [{ a: { b: { c: 1, d: 2 } } }, { a: { b: { d: 3 } } }],
      { a: { b: { c: 1, d: 3 } } },
    ],
    ["lists replaced, not appended", [{ paths: { exclude: ["docs/**", "*.md"] } }, { paths: { exclude: ["vendor/**"] } }], { paths: { exclude: ["vendor/**"] } }],
    ["an empty list replacing a list", [{ paths: { exclude: ["docs/**"] } }, { paths: { exclude: [] } }], { paths: { exclude: [] } }],
    ["a value replacing a mapping", [{ paths: { include: ["a"] } }, { paths: "none" }], { paths: "none" }],
    ["a mapping replacing a value", [{ paths: "none" }, { paths: { include: ["a"] } }], { paths: { include: ["a"] } }],
    // An empty `paths:` is a value the user wrote: validation reports it rather than the merge hiding it.
    ["null replacing a mapping", [{ paths: { include: ["a"] } }, { paths: null }], { paths: null }],
    ["layers that are not mappings skipped", [null, { enabled: false }, ["x"], "text", undefined], { enabled: false }],
    ["three layers in order", [{ a: 1, b: 1, c: 1 }, { b: 2, c: 2 }, { c: 3 }], { a: 1, b: 2, c: 3 }],
  ])("merges %s", (_name, layers, expected) => {
    expect(mergeConfigs(layers)).toEqual(expected);
  });

  it("does not change its inputs", () => {
    const org = { skip: { authors: ["a"], labels: ["l"] } };
    const repo = { skip: { labels: ["m"] } };
    mergeConfigs([org, repo]);
    expect(org).toEqual({ skip: { authors: ["a"], labels: ["l"] } });
    expect(repo).toEqual({ skip: { labels: ["m"] } });
  });

  it("keeps a __proto__ key as a key instead of making it the prototype", () => {
    const merged = mergeConfigs([parse("fail_on: high"), parse("__proto__:\n  enabled: false\n")]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(["fail_on", "__proto__"]);
    expect("enabled" in merged).toBe(false);
  });
});
