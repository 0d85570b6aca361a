import { describe, expect, it } from "vitest";
import type { SkipReason } from "../../src/diff/types.js";
import type { AnchoredFinding, FileLevelFinding } from "../../src/review/anchor-findings.js";
import { buildReviewDraft, RERUN_HINT } from "../../src/review/build-review-draft.js";
import type { Finding, Severity } from "../../src/review/finding.js";
import { parseMarker } from "../../src/review/markers.js";
import { renderSummary } from "../../src/review/render-summary.js";
import type { ReviewReport } from "../../src/review/review-report.js";
import { REPORT_SHA, reviewReport } from "../helpers/review-report.js";

const SHA = REPORT_SHA;
const MARKER = `<!-- backend-review:review sha=${SHA} -->`;
const summary = (r: ReviewReport): string => renderSummary(r, { rerunHint: RERUN_HINT });

function report(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return reviewReport({ usage: { input: 1_200, output: 3_456, cacheRead: 1_000_000, cacheWrite: 25_000 }, ...overrides });
}

function finding(severity: Severity, path: string, line: number, title = `${severity} defect`): Finding {
  return {
    path,
    line,
    quote: "x",
    severity,
    category: "security",
    check_id: "sql-injection",
    title,
    explanation: "Because.",
    fix: "Fix it.",
    confidence: 0.9,
  };
}

function inline(severity: Severity, path: string, line: number, title?: string): AnchoredFinding {
  return { finding: finding(severity, path, line, title), path, line, fingerprint: "0123456789abcdef" };
}

function fileLevel(severity: Severity, path: string): FileLevelFinding {
  return { finding: finding(severity, path, 999), path, fingerprint: "fedcba9876543210" };
}

const skipped = (path: string, reason: SkipReason) => ({ path, reason });

describe("renderSummary", () => {
  it("reports a clean review", () => {
    expect(summary(report())).toMatchInlineSnapshot(`
      "### backend-review: no findings

      Reviewed 2 of 2 changed files at \`0123456\`: no security, performance or reliability defects found in the changed lines.

      <sub>claude-sonnet-5-5 · 1 model call · 1,026,200 input tokens (1,000,000 read from cache, 25,000 written to cache) · 3,456 output tokens</sub>

      <!-- backend-review:review sha=0123456789abcdef0123456789abcdef01234567 -->"
    `);
  });

  it("counts findings of several severities in a table, worst first", () => {
    const r = report({
      inline: [inline("critical", "src/a.ts", 3), inline("low", "src/b.ts", 9), inline("critical", "src/b.ts", 1)],
      fileLevel: [fileLevel("medium", "src/a.ts")],
    });
    expect(summary(r)).toMatchInlineSnapshot(`
      "### backend-review: 4 findings

      Reviewed 2 of 2 changed files at \`0123456\`.

      | Severity | Findings |
      | --- | ---: |
      | 🔴 Critical | 2 |
      | 🟡 Medium | 1 |
      | 🔵 Low | 1 |

      **Not placed on a line (the reported line is outside the diff):**
      - 🟡 Medium · \`src/a.ts\` · \`sql-injection\` medium defect

      <sub>claude-sonnet-5-5 · 1 model call · 1,026,200 input tokens (1,000,000 read from cache, 25,000 written to cache) · 3,456 output tokens</sub>

      <!-- backend-review:review sha=0123456789abcdef0123456789abcdef01234567 -->"
    `);
  });

  it("lists the findings over the inline comment limit", () => {
    const r = report({ inline: [inline("high", "src/a.ts", 1)], overflow: [inline("medium", "src/a.ts", 7), inline("low", "src/b.ts", 2)] });
    expect(summary(r)).toMatchInlineSnapshot(`
      "### backend-review: 3 findings

      Reviewed 2 of 2 changed files at \`0123456\`.

      | Severity | Findings |
      | --- | ---: |
      | 🟠 High | 1 |
      | 🟡 Medium | 1 |
      | 🔵 Low | 1 |

      **More findings (over the limit of 1 inline comment):**
      - 🟡 Medium · \`src/a.ts:7\` · \`sql-injection\` medium defect
      - 🔵 Low · \`src/b.ts:2\` · \`sql-injection\` low defect

      <sub>claude-sonnet-5-5 · 1 model call · 1,026,200 input tokens (1,000,000 read from cache, 25,000 written to cache) · 3,456 output tokens</sub>

      <!-- backend-review:review sha=0123456789abcdef0123456789abcdef01234567 -->"
    `);
  });

  it("lists skipped files with their reasons", () => {
    const r = report({
      reviewed: ["src/a.ts"],
      skipped: [skipped("web/app.tsx", "front-end code"), skipped("big.sql", "binary or too large (GitHub sent no diff)")],
    });
    expect(summary(r)).toMatchInlineSnapshot(`
      "### backend-review: no findings

      Reviewed 1 of 3 changed files at \`0123456\`: no security, performance or reliability defects found in the changed lines.

      <details><summary>2 files not reviewed</summary>

      | File | Reason |
      | --- | --- |
      | \`web/app.tsx\` | front-end code |
      | \`big.sql\` | binary or too large (GitHub sent no diff) |

      </details>

      <sub>claude-sonnet-5-5 · 1 model call · 1,026,200 input tokens (1,000,000 read from cache, 25,000 written to cache) · 3,456 output tokens</sub>

      <!-- backend-review:review sha=0123456789abcdef0123456789abcdef01234567 -->"
    `);
  });

  it("caps long lists with a count of the rest, with thousands separators", () => {
    const many = Array.from({ length: 1_234 }, (_, i) => skipped(`lib/f${i}.go`, "over the review's file limit"));
    const body = summary(report({ skipped: many, overflow: Array.from({ length: 60 }, (_, i) => inline("low", "src/a.ts", i + 1)) }));
    expect(body).toContain("\n| `lib/f99.go` | over the review's file limit |\n| …and 1,134 more | |\n");
    expect(body).toContain("\n- 🔵 Low · `src/a.ts:50` · `sql-injection` low defect\n- …and 10 more\n");
  });

  it("explains a failed part and a cut-off answer, with the re-run hint", () => {
    const r = report({
      reviewed: ["src/a.ts", "src/b.ts", "src/c.ts"],
      calls: 3,
      failures: [{ chunk: 2, paths: ["src/b.ts"], reason: "model API overloaded after 3 attempts" }],
      truncatedChunks: [1, 3],
    });
    expect(summary(r)).toMatchInlineSnapshot(`
      "### backend-review: no findings

      Reviewed 2 of 3 changed files at \`0123456\`.

      > ⚠️ Part 2 of 3 was not reviewed: model API overloaded after 3 attempts. Files: \`src/b.ts\`.
      >
      > ⚠️ The reviewer's answers for parts 1, 3 were cut off at the output limit; some findings may be missing.
      >
      > Comment \`/review\` on the pull request to run the review again.

      <sub>claude-sonnet-5-5 · 3 model calls · 1,026,200 input tokens (1,000,000 read from cache, 25,000 written to cache) · 3,456 output tokens</sub>

      <!-- backend-review:review sha=0123456789abcdef0123456789abcdef01234567 state=partial -->"
    `);
  });

  it("says so when every part failed, and does not claim files were reviewed", () => {
    const r = report({ calls: 1, failures: [{ chunk: 1, paths: ["src/a.ts", "src/b.ts"], reason: "model API rate limit reached after 3 attempts" }] });
    const body = summary(r);
    expect(body).toMatchInlineSnapshot(`
      "### backend-review: the review could not be completed

      Reviewed 0 of 2 changed files at \`0123456\`.

      > ⚠️ Part 1 of 1 was not reviewed: model API rate limit reached after 3 attempts. Files: \`src/a.ts\`, \`src/b.ts\`.
      >
      > Comment \`/review\` on the pull request to run the review again.

      <sub>claude-sonnet-5-5 · 1 model call · 1,026,200 input tokens (1,000,000 read from cache, 25,000 written to cache) · 3,456 output tokens</sub>

      <!-- backend-review:review sha=0123456789abcdef0123456789abcdef01234567 state=partial -->"
    `);
    expect(body).not.toContain("Reviewed 2 of");
  });

  it("says when there is nothing to review", () => {
    const r = report({ reviewed: [], calls: 0, skipped: [skipped("README.md", "documentation")] });
    expect(summary(r)).toMatchInlineSnapshot(`
      "### backend-review: nothing to review

      The changed file at \`0123456\` is not server-side code this reviewer checks.

      <details><summary>1 file not reviewed</summary>

      | File | Reason |
      | --- | --- |
      | \`README.md\` | documentation |

      </details>

      <!-- backend-review:review sha=0123456789abcdef0123456789abcdef01234567 -->"
    `);
    expect(summary(report({ reviewed: [], calls: 0 }))).toContain("The pull request has no changed files at `0123456`.");
    const docs = report({ reviewed: [], calls: 0, skipped: [skipped("README.md", "documentation"), skipped("web/a.tsx", "front-end code")] });
    expect(summary(docs)).toContain("None of the 2 changed files at `0123456` is server-side code this reviewer checks.");
  });

  it("does not call server-side files it could not read 'not server-side code'", () => {
    const r = report({
      reviewed: [],
      calls: 0,
      skipped: [skipped("README.md", "documentation"), skipped("src/huge.ts", "binary or too large (GitHub sent no diff)")],
    });
    const [headline, , scope] = summary(r).split("\n");
    expect(headline).toBe("### backend-review: nothing could be reviewed");
    expect(scope).toBe("1 server-side file at `0123456` could not be reviewed; the list below says why.");
  });

  it("prints token usage with thousands separators", () => {
    const line = summary(report({ calls: 1_234 })).split("\n").at(-3);
    expect(line).toBe(
      "<sub>claude-sonnet-5-5 · 1,234 model calls · 1,026,200 input tokens (1,000,000 read from cache, 25,000 written to cache) · 3,456 output tokens</sub>",
    );
  });

  it("keeps paths with pipes and backticks intact in lists and tables", () => {
    const path = "src/a|b`c.ts";
    const body = summary(report({ overflow: [inline("high", path, 4)], skipped: [skipped(path, "lock file")] }));
    expect(body).toContain("- 🟠 High · ``src/a|b`c.ts:4`` · `sql-injection` high defect");
    expect(body).toContain("| ``src/a\\|b`c.ts`` | lock file |");
  });

  it("sanitizes model-written titles", () => {
    const body = summary(report({ overflow: [inline("high", "src/a.ts", 4, "<img src=x> @octocat\n# hi")] }));
    expect(body).toContain("`sql-injection` &lt;img src=x&gt; @\u2060octocat # hi\n");
  });

  it("ends with the review marker", () => {
    const body = summary(report({ inline: [inline("high", "src/a.ts", 4)] }));
    expect(body.split("\n").at(-1)).toBe(MARKER);
    expect(parseMarker(body)).toEqual({ kind: "review", fields: { sha: SHA } });
  });
});

describe("renderSummary size", () => {
  const long = (i: number) => `src/${"deep/".repeat(195)}file-${i}.ts`; // about 1,000 characters

  it("stays under GitHub's 65,536 characters with 3,000 skipped files and 500 findings", () => {
    const findings = Array.from({ length: 500 }, (_, i) => inline("high", long(i), i + 1, "t".repeat(200)));
    const r = report({
      reviewed: findings.map((f) => f.path),
      inline: findings.slice(0, 30),
      overflow: findings.slice(30, 400),
      fileLevel: findings.slice(400).map((f) => fileLevel("low", f.path)),
      skipped: Array.from({ length: 3_000 }, (_, i) => skipped(long(i), "over the review's token budget")),
    });
    for (const body of [summary(r), renderSummary(r, { rerunHint: RERUN_HINT, folded: true })]) {
      expect(body.length).toBeLessThan(65_536);
      expect(body.split("\n").at(-1)).toBe(MARKER);
      expect(body).toContain("…(summary cut to fit GitHub's limit)");
      expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  it("cuts at a line end and closes the skipped files' <details>", () => {
    const r = report({ skipped: Array.from({ length: 3_000 }, (_, i) => skipped(long(i), "over the review's file limit")) });
    const body = summary(r);
    expect(body.length).toBeLessThan(65_536);
    expect(body.match(/<details>/g)?.length).toBe(body.match(/<\/details>/g)?.length);
    expect(body.split("\n").filter((l) => l.startsWith("| `src/")).every((l) => l.endsWith(" | over the review's file limit |"))).toBe(true);
    expect(body.endsWith(`</details>\n\n…(summary cut to fit GitHub's limit)\n\n${MARKER}`)).toBe(true);
  });
});

describe("buildReviewDraft", () => {
  const r = report({
    inline: [inline("critical", "src/a.ts", 3), inline("high", "src/b.ts", 5)],
    overflow: [inline("low", "src/b.ts", 8)],
  });
  const draft = buildReviewDraft(r);

  it("posts a COMMENT review on the head commit with one comment per inline finding", () => {
    expect(draft.event).toBe("COMMENT");
    expect(draft.commitId).toBe(SHA);
    expect(draft.comments.map((c) => `${c.path}:${c.line}`)).toEqual(["src/a.ts:3", "src/b.ts:5"]);
    expect(draft.body).toBe(summary(r));
  });

  it("lists every finding in the folded body, for when GitHub refuses the comments", () => {
    expect(draft.bodyWithoutComments).toMatchInlineSnapshot(`
      "### backend-review: 3 findings

      Reviewed 2 of 2 changed files at \`0123456\`.

      | Severity | Findings |
      | --- | ---: |
      | 🔴 Critical | 1 |
      | 🟠 High | 1 |
      | 🔵 Low | 1 |

      **Findings (GitHub did not accept them as inline comments):**
      - 🔴 Critical · \`src/a.ts:3\` · \`sql-injection\` critical defect
      - 🟠 High · \`src/b.ts:5\` · \`sql-injection\` high defect
      - 🔵 Low · \`src/b.ts:8\` · \`sql-injection\` low defect

      <sub>claude-sonnet-5-5 · 1 model call · 1,026,200 input tokens (1,000,000 read from cache, 25,000 written to cache) · 3,456 output tokens</sub>

      <!-- backend-review:review sha=0123456789abcdef0123456789abcdef01234567 -->"
    `);
    expect(draft.bodyWithoutComments.split("\n").at(-1)).toBe(MARKER);
  });
});
