import { z } from "zod";
import { SEVERITIES } from "../review/finding.js";
import { CONTEXT_MODES } from "../review/context/build-file-context.js";

export const CONFIG_PATH = ".github/backend-review.yml";

const severity = z.enum(SEVERITIES);

const regex = z.string().refine(
  (value) => {
    try {
      new RegExp(value, "i");
      return true;
    } catch {
      return false;
    }
  },
  { message: "expected a valid regular expression" },
);

/**
 * `.github/backend-review.yml`. Strict objects: an unknown key is an error, not a silent default,
 * because a misspelt `fail_on` that is ignored looks like a bot that does not work.
 * Every field has a default and a description; the README's reference is rendered from this.
 */
export const RepoConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Review pull requests in this repository at all."),
    paths: z
      .object({
        include: z.array(z.string().min(1)).default([]).describe("Globs of files to review even if the built-in rules would skip them (e.g. `scripts/**/*.sh`)."),
        exclude: z.array(z.string().min(1)).default([]).describe("Globs of files never to review. Wins over `include`."),
      })
      .strict()
      .default({ include: [], exclude: [] })
      .describe("Which files are reviewed, on top of the built-in server-side selection."),
    review_drafts: z.boolean().default(false).describe("Review draft pull requests too. Otherwise the review waits until the PR is ready for review."),
    review_tests: z
      .boolean()
      .default(false)
      .describe("Review test code too (`test/`, `tests/`, `spec/`, `__tests__/`, `fixtures/`, `testdata/`, `*_test.go`, `*.test.ts`, `test_*.py`, …). Otherwise it is listed as skipped (\"test code\"); the secret detector reads it either way."),
    skip: z
      .object({
        authors: z.array(z.string().min(1)).default([]).describe("Logins whose pull requests are not reviewed, e.g. `dependabot[bot]`. `*` matches any characters."),
        labels: z.array(z.string().min(1)).default([]).describe("Pull requests with any of these labels are not reviewed."),
        titles: z.array(regex).default([]).describe("Regular expressions (case-insensitive); a PR whose title matches one is not reviewed, e.g. `^\\[?wip\\b`."),
      })
      .strict()
      .default({ authors: [], labels: [], titles: [] })
      .describe("Pull requests that are not reviewed automatically (a neutral check says why)."),
    min_severity: severity.default("low").describe("Findings below this severity are not posted."),
    min_confidence: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("Findings the reviewer rates less certain than this (0 to 1) are not posted. The reviewer already leaves out guesses below 0.5."),
    verify: z
      .boolean()
      .default(false)
      .describe("Re-check every high or critical finding with a second model call that reads the file's whole diff, and drop those it does not confirm. Fewer false alarms, more tokens."),
    context: z
      .enum(CONTEXT_MODES)
      .default("function")
      .describe(
        "What the reviewer sees around each change: `hunk` (the diff's three lines), `function` (the whole enclosing function or class, cut around the changes when it is long) or `file` (the whole file, up to 1,000 lines beyond the diff). Context lines carry their line numbers but take no inline comments; it is the first thing left out when the token budget is short.",
      ),
    fail_on: z
      .enum([...SEVERITIES, "never"])
      .default("never")
      .describe("The check run fails when a finding at or above this severity is posted; `never` keeps it informational."),
    categories: z
      .object({
        security: z.boolean().default(true).describe("Injection, auth, secrets, crypto, SSRF and the rest of the security checklist."),
        performance: z.boolean().default(true).describe("N+1 and unbounded queries, blocking I/O, missing timeouts and pooling."),
        reliability: z.boolean().default(true).describe("Resource leaks, swallowed errors, races, missing transactions."),
      })
      .strict()
      .default({ security: true, performance: true, reliability: true })
      .describe("Which kinds of findings are reported."),
    max_comments: z.int().min(1).max(50).default(30).describe("Inline comments per review; further findings are listed in the summary, worst first."),
    model: z.string().min(1).optional().describe("Model alias (`sonnet`, `opus`, `haiku`) or full model id. Default: the agent file's model, or the deployment's `BACKEND_REVIEW_MODEL`."),
    max_input_tokens: z
      .int()
      .min(10_000)
      .optional()
      .describe("Estimated input tokens one review may spend; files beyond it are listed as not reviewed. Capped by the deployment's `BACKEND_REVIEW_MAX_INPUT_TOKENS`."),
    instructions: z.string().max(4000).optional().describe("Extra guidance appended to the reviewer's prompt, e.g. house rules about the data layer."),
    agent: z
      .string()
      .regex(/^[^/].*\.md$/, { message: "must be a repository path to a .md agent file, without a leading /" })
      .optional()
      .describe("Path of an agent file in this repository (same format as `agents/backend-developer.md`), read from the default branch, replacing the built-in reviewer."),
    commands: z
      .object({
        enabled: z.boolean().default(true).describe("Answer `/review` commands in pull request comments."),
        allowed: z
          .enum(["write", "author_or_write", "anyone"])
          .default("write")
          .describe("Who may run commands that cost money: people with write access, also the PR's author, or anyone."),
        max_per_hour: z.int().min(1).max(60).default(5).describe("Paid commands (`/review`, `/review explain`) per pull request per hour."),
      })
      .strict()
      .default({ enabled: true, allowed: "write", max_per_hour: 5 })
      .describe("Slash commands in the pull request thread."),
    auto_review: z
      .enum(["every_push", "first_push_only", "off"])
      .default("every_push")
      .describe("When reviews start by themselves: on every push, only when the PR is opened (or ready), or never (commands only)."),
    code_scanning: z
      .boolean()
      .default(false)
      .describe(
        "Also upload each review's findings to GitHub code scanning (the Security tab and the PR's code scanning results) as SARIF. Needs the App's `security_events: write` permission and code scanning available on the repository; a failed upload never fails the review.",
      ),
  })
  .strict();

export type RepoConfig = z.output<typeof RepoConfigSchema>;

export const DEFAULT_REPO_CONFIG: RepoConfig = RepoConfigSchema.parse({});
