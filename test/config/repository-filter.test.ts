import { describe, expect, it } from "vitest";
import { createRepositoryFilter, splitList } from "../../src/config/repository-filter.js";

describe("createRepositoryFilter", () => {
  it.each<[string, string[], string[], string, boolean]>([
    ["everything when both lists are empty", [], [], "acme/api", true],
    ["an exact allow", ["acme/api"], [], "acme/api", true],
    ["not a repository outside the allow list", ["acme/api"], [], "acme/web", false],
    ["an owner glob", ["acme/*"], [], "acme/web", true],
    ["not another owner with the same prefix", ["acme/*"], [], "acme-corp/web", false],
    ["dot repositories under an owner glob", ["acme/*"], [], "acme/.github", true],
    ["case-insensitively", ["Acme/API"], [], "acme/api", true],
    ["any of several allow globs", ["acme/*", "other/tool"], [], "other/tool", true],
    ["a suffix glob", ["*/*-service"], [], "acme/billing-service", true],
    ["not what the deny list names", [], ["acme/legacy-*"], "acme/legacy-api", false],
    ["what the deny list does not name", [], ["acme/legacy-*"], "acme/api", true],
    ["deny over allow", ["acme/*"], ["acme/secret"], "acme/secret", false],
    ["deny case-insensitively", ["acme/*"], ["ACME/Secret"], "acme/secret", false],
  ])("allows %s", (_name, allow, deny, repo, expected) => {
    expect(createRepositoryFilter(allow, deny)(repo)).toBe(expected);
  });
});

describe("splitList", () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ["", []],
    ["  ", []],
    ["acme/*", ["acme/*"]],
    [" acme/* , other/tool ,, ", ["acme/*", "other/tool"]],
  ])("splits %j", (value, expected) => {
    expect(splitList(value)).toEqual(expected);
  });
});
