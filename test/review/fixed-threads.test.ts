import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { ChangedFile } from "../../src/diff/types.js";
import { fingerprintOf } from "../../src/review/anchor-findings.js";
import type { FindingThread } from "../../src/review/finding-threads.js";
import { findFixedThreads } from "../../src/review/fixed-threads.js";

const lf = (...lines: string[]): string => lines.join("\n");

const REPO = "src/db/user-repo.ts";
const ROUTES = "src/api/routes.ts";

const FLAGGED = "    const sql = `SELECT * FROM users WHERE email = '${email}'`;";
const N_PLUS_ONE = "    for (const id of ids) users.push(await this.find(id));";

/** The diff the bot reviewed: both flagged lines were added here. */
const FLAGGED_PATCH = lf(
  "@@ -10,5 +10,7 @@ export class UserRepo {",
  "   async findByEmail(email: string) {",
  "-    return this.db.query(\"SELECT * FROM users WHERE email = $1\", [email]);",
  `+${FLAGGED}`,
  "+    const rows = await this.db.query(sql);",
  "+    return rows[0];",
  "   }",
  " ",
  "   async findMany(ids: string[]) {",
  "@@ -20,4 +22,6 @@ export class UserRepo {",
  "     const users = [];",
  `+${N_PLUS_ONE}`,
  "+    return users;",
  "   }",
  " }",
  " ",
);

/** The SQL line rewritten with a bound parameter; the loop untouched. */
const SQL_FIXED_PATCH = lf(
  "@@ -10,5 +10,6 @@ export class UserRepo {",
  "   async findByEmail(email: string) {",
  "-    return this.db.query(\"SELECT * FROM users WHERE email = $1\", [email]);",
  "+    const rows = await this.db.query(\"SELECT * FROM users WHERE email = $1\", [email]);",
  "+    return rows[0];",
  "   }",
  " ",
  "   async findMany(ids: string[]) {",
  "@@ -20,4 +21,6 @@ export class UserRepo {",
  "     const users = [];",
  `+${N_PLUS_ONE}`,
  "+    return users;",
  "   }",
  " }",
  " ",
);

/** Only re-indented (tabs, extra spaces): the same code as far as a reader is concerned. */
const REINDENTED_PATCH = lf(
  "@@ -10,3 +10,5 @@ export class UserRepo {",
  "   async findByEmail(email: string) {",
  "-    return this.db.query(\"SELECT * FROM users WHERE email = $1\", [email]);",
  "+\t\tconst  sql = `SELECT * FROM users WHERE email = '${email}'`;   ",
  "+\t\tconst rows = await this.db.query(sql);",
  "+\t\treturn rows[0];",
  "   }",
);

/** The flagged line is still in the file but the PR no longer changes it: it shows as context. */
const FLAGGED_AS_CONTEXT_PATCH = lf(
  "@@ -11,3 +11,4 @@ export class UserRepo {",
  ` ${FLAGGED}`,
  "     const rows = await this.db.query(sql);",
  "+    this.metrics.increment(\"users.lookup\");",
  "     return rows[0];",
);

/** The flagged line was deleted by a later commit: it appears only on the LEFT side. */
const FLAGGED_DELETED_PATCH = lf(
  "@@ -10,6 +10,5 @@ export class UserRepo {",
  "   async findByEmail(email: string) {",
  `-${FLAGGED}`,
  "-    const rows = await this.db.query(sql);",
  "+    const rows = await this.db.query(\"SELECT * FROM users WHERE email = $1\", [email]);",
  "     return rows[0];",
  "   }",
  " ",
);

/** Same flagged code, CRLF line endings. */
const FLAGGED_CRLF_PATCH = FLAGGED_PATCH.split("\n").join("\r\n");

function changed(filename: string, patch: string | undefined, status: ChangedFile["status"] = "modified"): ChangedFile {
  return { filename, status, patch, additions: 3, deletions: 1, changes: 4 };
}

const SQL_CHECK = { check_id: "sql-injection", path: REPO };
const SQL_FP = fingerprintOf(SQL_CHECK, FLAGGED);
const LOOP_FP = fingerprintOf({ check_id: "n-plus-one-query", path: REPO }, N_PLUS_ONE);

function thread(overrides: Partial<FindingThread> = {}): FindingThread {
  return {
    threadId: "PRRT_sql",
    commentId: 501,
    path: REPO,
    fingerprint: SQL_FP,
    checkId: "sql-injection",
    severity: "critical",
    isResolved: false,
    isOutdated: false,
    dismissed: false,
    humanReplied: false,
    ...overrides,
  };
}

const NOTHING_RAISED: ReadonlySet<string> = new Set();

describe("fixtures", () => {
  it.each([FLAGGED_PATCH, SQL_FIXED_PATCH, REINDENTED_PATCH, FLAGGED_AS_CONTEXT_PATCH, FLAGGED_DELETED_PATCH, FLAGGED_CRLF_PATCH])(
    "patch %# parses cleanly",
    (patch) => {
      expect(parsePatch(patch).problems).toEqual([]);
    },
  );

  it("the whitespace-only change really changes the line's text", () => {
    expect(REINDENTED_PATCH).not.toContain(FLAGGED);
  });
});

describe("findFixedThreads: one SQL-injection thread against the PR's current diff", () => {
  it.each<[string, ChangedFile[], boolean]>([
    ["the flagged line is still added by the PR", [changed(REPO, FLAGGED_PATCH)], false],
    ["the line was rewritten with a bound parameter", [changed(REPO, SQL_FIXED_PATCH)], true],
    ["the line was only re-indented (whitespace is normalised)", [changed(REPO, REINDENTED_PATCH)], false],
    ["the line is still there as a context line", [changed(REPO, FLAGGED_AS_CONTEXT_PATCH)], false],
    ["the line only appears as deleted (LEFT side)", [changed(REPO, FLAGGED_DELETED_PATCH)], true],
    ["a CRLF patch still holding the line", [changed(REPO, FLAGGED_CRLF_PATCH)], false],
    ["the file left the pull request", [changed(ROUTES, FLAGGED_PATCH)], true],
    ["the file is in the PR without a patch (too large to show)", [changed(REPO, undefined)], false],
    ["the file was deleted by the PR", [changed(REPO, lf("@@ -1,2 +0,0 @@", "-export class UserRepo {", "-}"), "removed")], true],
    ["the same code moved to another file", [changed(REPO, SQL_FIXED_PATCH), changed(ROUTES, FLAGGED_PATCH)], true],
  ])("%s → fixed: %s", (_name, files, fixed) => {
    const result = findFixedThreads([thread()], files, NOTHING_RAISED);
    expect(result.map((t) => t.threadId)).toEqual(fixed ? ["PRRT_sql"] : []);
  });
});

describe("findFixedThreads: threads that are never reported fixed", () => {
  const gone = [changed(REPO, SQL_FIXED_PATCH)];

  it.each<[string, Partial<FindingThread>, ReadonlySet<string>]>([
    ["raised again by this review", {}, new Set([SQL_FP])],
    ["already resolved", { isResolved: true }, NOTHING_RAISED],
    ["dismissed", { dismissed: true }, NOTHING_RAISED],
  ])("%s", (_name, overrides, raised) => {
    expect(findFixedThreads([thread(overrides)], gone, raised)).toEqual([]);
  });

  it("sanity: the same thread is fixed when none of that applies", () => {
    expect(findFixedThreads([thread()], gone, NOTHING_RAISED)).toHaveLength(1);
  });

  it("an outdated thread whose code is gone is still reported fixed (people see it answered)", () => {
    expect(findFixedThreads([thread({ isOutdated: true, humanReplied: true })], gone, NOTHING_RAISED)).toHaveLength(1);
  });
});

describe("findFixedThreads: several threads", () => {
  it("reports only the fixed ones, in order, as the same thread objects", () => {
    const sql = thread();
    const loop = thread({ threadId: "PRRT_loop", commentId: 502, fingerprint: LOOP_FP, checkId: "n-plus-one-query", severity: "medium" });
    const other = thread({ threadId: "PRRT_routes", commentId: 503, path: ROUTES, fingerprint: "0123456789abcdef", checkId: "missing-auth" });
    const fixed = findFixedThreads([sql, loop, other], [changed(REPO, SQL_FIXED_PATCH)], NOTHING_RAISED);
    expect(fixed).toEqual([sql, other]);
    expect(fixed[0]).toBe(sql);
  });

  it("checks each thread's own check id: another check on the same line is a different finding", () => {
    const sameLineOtherCheck = thread({ threadId: "PRRT_log", fingerprint: fingerprintOf({ check_id: "sensitive-logging", path: REPO }, FLAGGED), checkId: "sensitive-logging" });
    expect(findFixedThreads([sameLineOtherCheck], [changed(REPO, FLAGGED_PATCH)], NOTHING_RAISED)).toEqual([]);
    expect(findFixedThreads([sameLineOtherCheck], [changed(REPO, SQL_FIXED_PATCH)], NOTHING_RAISED)).toEqual([sameLineOtherCheck]);
  });

  it("keeps a finding this review raised again, even when its line is no longer in the diff", () => {
    const loop = thread({ threadId: "PRRT_loop", fingerprint: LOOP_FP, checkId: "n-plus-one-query" });
    expect(findFixedThreads([loop], [changed(REPO, FLAGGED_DELETED_PATCH)], new Set([LOOP_FP]))).toEqual([]);
    expect(findFixedThreads([loop], [changed(REPO, FLAGGED_DELETED_PATCH)], NOTHING_RAISED)).toEqual([loop]);
  });
});
