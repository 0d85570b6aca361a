import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderConfigProblems } from "../../src/config/render-config-problems.js";
import { DEFAULT_REPO_CONFIG, type RepoConfig } from "../../src/config/repo-config-schema.js";
import { validateRepoConfig, type ConfigProblem } from "../../src/config/validate-repo-config.js";

const DEFAULTS: RepoConfig = {
  enabled: true,
  paths: { include: [], exclude: [] },
  review_drafts: false,
  review_tests: false,
  skip: { authors: [], labels: [], titles: [] },
  min_severity: "low",
  min_confidence: 0,
  verify: false,
  context: "function",
  fail_on: "never",
  categories: { security: true, performance: true, reliability: true },
  max_comments: 30,
  commands: { enabled: true, allowed: "write", max_per_hour: 5 },
  auto_review: "every_push",
  code_scanning: false,
};

/** Tests go through YAML text, the way the app receives the file. */
function validate(yaml: string) {
  return validateRepoConfig(parse(yaml));
}

function problemsOf(yaml: string): ConfigProblem[] {
  const result = validate(yaml);
  if (result.ok) throw new Error(`expected problems for:\n${yaml}`);
  return result.problems;
}

const TOP_LEVEL_KEYS =
  "enabled, paths, review_drafts, review_tests, skip, min_severity, min_confidence, verify, context, fail_on, categories, max_comments, model, max_input_tokens, instructions, agent, commands, auto_review, code_scanning";

describe("validateRepoConfig: valid files", () => {
  it.each([
    ["an empty file", ""],
    ["a file of comments", "# nothing yet\n"],
    ["an empty mapping", "{}"],
    ["explicit null", "~"],
  ])("fills every default for %s", (_name, yaml) => {
    expect(validate(yaml)).toEqual({ ok: true, config: DEFAULTS });
  });

  it("exports the same defaults", () => {
    expect(DEFAULT_REPO_CONFIG).toEqual(DEFAULTS);
  });

  it.each<[string, string, Partial<RepoConfig>]>([
    ["nested defaults under a partial mapping", "paths:\n  include: [scripts/**]\n", { paths: { include: ["scripts/**"], exclude: [] } }],
    ["one category off", "categories:\n  performance: false\n", { categories: { security: true, performance: false, reliability: true } }],
    ["one skip list", "skip:\n  titles: ['^\\[?wip\\b']\n", { skip: { authors: [], labels: [], titles: ["^\\[?wip\\b"] } }],
    ["optional keys", "model: opus\nmax_input_tokens: 50000\nagent: .github/reviewer.md\n", { model: "opus", max_input_tokens: 50_000, agent: ".github/reviewer.md" }],
    ["boundary numbers", "max_comments: 50\nmax_input_tokens: 10000\n", { max_comments: 50, max_input_tokens: 10_000 }],
    ["_extends, which the loader consumes", "_extends: .github\nfail_on: high\n", { fail_on: "high" }],
  ])("accepts %s", (_name, yaml, overrides) => {
    expect(validate(yaml)).toEqual({ ok: true, config: { ...DEFAULTS, ...overrides } });
  });
});

describe("validateRepoConfig: problems", () => {
  it.each<[string, string, ConfigProblem[]]>([
    ["a text for a boolean", "enabled: yes", [{ key: "enabled", message: 'expected true or false; found the text "yes"' }]],
    ["a text for a list", "paths:\n  include: src/**", [{ key: "paths.include", message: 'expected a list; found the text "src/**"' }]],
    ["a list for a mapping", "skip: []", [{ key: "skip", message: "expected a mapping; found a list" }]],
    ["an empty mapping key", "paths:", [{ key: "paths", message: "expected a mapping; found null (an empty value)" }]],
    ["a number in a list of text", "skip:\n  authors: [42]", [{ key: "skip.authors.0", message: "expected text; found number 42" }]],
    ["an empty glob", "paths:\n  exclude: ['']", [{ key: "paths.exclude.0", message: 'must not be empty; found the text ""' }]],
    ["an enum typo", "fail_on: hgh", [{ key: "fail_on", message: 'expected one of critical, high, medium, low, never; found the text "hgh"' }]],
    ["a nested enum typo", "commands:\n  allowed: all", [{ key: "commands.allowed", message: 'expected one of write, author_or_write, anyone; found the text "all"' }]],
    ["too many comments", "max_comments: 80", [{ key: "max_comments", message: "must be at most 50; found number 80" }]],
    ["no comments", "max_comments: 0", [{ key: "max_comments", message: "must be at least 1; found number 0" }]],
    ["a fraction", "max_input_tokens: 5.5", [{ key: "max_input_tokens", message: "expected a whole number; found number 5.5" }]],
    ["a small budget", "max_input_tokens: 5000", [{ key: "max_input_tokens", message: "must be at least 10000; found number 5000" }]],
    ["a quoted number", "max_comments: '30'", [{ key: "max_comments", message: 'expected a number; found the text "30"' }]],
    ["an invalid regex", "skip:\n  titles: [ok, '(unclosed']", [{ key: "skip.titles.1", message: 'expected a valid regular expression; found the text "(unclosed"' }]],
    ["an absolute agent path", "agent: /agents/reviewer.md", [{ key: "agent", message: 'must be a repository path to a .md agent file, without a leading /; found the text "/agents/reviewer.md"' }]],
    ["an agent that is not Markdown", "agent: agents/reviewer.txt", [{ key: "agent", message: 'must be a repository path to a .md agent file, without a leading /; found the text "agents/reviewer.txt"' }]],
    ["long instructions", `instructions: ${"x".repeat(4001)}`, [{ key: "instructions", message: `must be at most 4000 characters; found the text "${"x".repeat(57)}..."` }]],
  ])("reports %s", (_name, yaml, expected) => {
    expect(problemsOf(yaml)).toEqual(expected);
  });

  it.each<[string, string, ConfigProblem[]]>([
    ["a top-level typo", "fail_onn: high", [{ key: "fail_onn", message: 'unknown key (did you mean "fail_on"?)' }]],
    ["a nested typo", "paths:\n  exlude: [docs/**]", [{ key: "paths.exlude", message: 'unknown key (did you mean "exclude"?)' }]],
    ["a capitalised key", "Enabled: false", [{ key: "Enabled", message: 'unknown key (did you mean "enabled"?)' }]],
    ["a suffix of a key", "drafts: true", [{ key: "drafts", message: 'unknown key (did you mean "review_drafts"?)' }]],
    ["a key that extends a key", "fail_on_severity: high", [{ key: "fail_on_severity", message: 'unknown key (did you mean "fail_on"?)' }]],
    ["no close match", "reviewers: [alice]", [{ key: "reviewers", message: `unknown key (known keys: ${TOP_LEVEL_KEYS})` }]],
    ["no close nested match", "skip:\n  branches: [main]", [{ key: "skip.branches", message: "unknown key (known keys: authors, labels, titles)" }]],
    ["__proto__", "__proto__:\n  enabled: false", [{ key: "__proto__", message: `unknown key (known keys: ${TOP_LEVEL_KEYS})` }]],
  ])("names an unknown key: %s", (_name, yaml, expected) => {
    expect(problemsOf(yaml)).toEqual(expected);
  });

  it.each([
    ["a list", "- enabled: true", "a list"],
    ["a text", "just some words", 'the text "just some words"'],
    ["a number", "42", "number 42"],
    ["a boolean", "false", "boolean false"],
  ])("rejects %s at the top level", (_name, yaml, found) => {
    expect(problemsOf(yaml)).toEqual([{ key: "(file)", message: `expected a mapping of keys to values; found ${found}` }]);
  });

  it("reports every problem at once", () => {
    const yaml = ["enabled: yes", "fail_on: hgh", "fail_onn: high", "max_comments: 80", "skip:", "  titles: ['[']", "agent: /x.md"].join("\n");
    expect(problemsOf(yaml)).toEqual([
      { key: "enabled", message: 'expected true or false; found the text "yes"' },
      { key: "skip.titles.0", message: 'expected a valid regular expression; found the text "["' },
      { key: "fail_on", message: 'expected one of critical, high, medium, low, never; found the text "hgh"' },
      { key: "max_comments", message: "must be at most 50; found number 80" },
      { key: "agent", message: 'must be a repository path to a .md agent file, without a leading /; found the text "/x.md"' },
      { key: "fail_onn", message: 'unknown key (did you mean "fail_on"?)' },
    ]);
  });
});

describe("renderConfigProblems", () => {
  it("renders the table a user fixes the file from", () => {
    const problems: ConfigProblem[] = [
      { key: "fail_on", message: 'expected one of critical, high, medium, low, never; found the text "hgh"', file: "acme/api:.github/backend-review.yml", line: 3 },
      { key: "a|b", message: 'unknown key (known keys: x|y, <z>)' },
    ];
    expect(renderConfigProblems(problems)).toBe(
      [
        "No review was run: .github/backend-review.yml has 2 problems. The file is read from the default branch; fix it there and push again or comment `/review`.",
        "",
        "| Where | Key | Problem |",
        "| --- | --- | --- |",
        '| `acme/api:.github/backend-review.yml:3` | `fail_on` | expected one of critical, high, medium, low, never; found the text "hgh" |',
        "| `.github/backend-review.yml` | `a\\|b` | unknown key (known keys: x\\|y, &lt;z>) |",
      ].join("\n"),
    );
  });
});
