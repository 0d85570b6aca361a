import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { ChangedFile } from "../../src/diff/types.js";
import { restrictToChanges } from "../../src/review/incremental-scope.js";

const lf = (...lines: string[]): string => lines.join("\n");
const crlf = (...lines: string[]): string => lines.join("\r\n");

function file(filename: string, patch: string | undefined, status: ChangedFile["status"] = "modified"): ChangedFile {
  const lines = patch?.split("\n") ?? [];
  const additions = lines.filter((l) => l.startsWith("+")).length;
  const deletions = lines.filter((l) => l.startsWith("-")).length;
  return { filename, status, patch, additions, deletions, changes: additions + deletions };
}

const ORDERS = "src/api/orders.ts";
const USERS = "src/api/users.ts";

/** New-file lines 12-20: the listing query gets a LIMIT (13-15 added). */
const HUNK_1 = [
  '@@ -12,7 +12,9 @@ import { db } from "../db.js";',
  " export async function listOrders(req: Request, res: Response) {",
  '-  const rows = await db.query("SELECT * FROM orders");',
  "+  const limit = Number(req.query.limit ?? 50);",
  '+  const rows = await db.query("SELECT * FROM orders LIMIT $1", [limit]);',
  '+  res.setHeader("Cache-Control", "no-store");',
  "   res.json(rows);",
  " }",
  " ",
  " export async function getOrder(req: Request, res: Response) {",
  "   const id = req.params.id;",
];

/** New-file lines 42-49: the delete handler gets an admin check (43), a bound parameter (44) and an audit line (45). */
const HUNK_2 = [
  "@@ -40,6 +42,8 @@ export async function deleteOrder(req: Request, res: Response) {",
  "   const id = req.params.id;",
  "-  await db.query(`DELETE FROM orders WHERE id = ${id}`);",
  "+  if (!req.user?.isAdmin) return res.sendStatus(403);",
  '+  await db.query("DELETE FROM orders WHERE id = $1", [id]);',
  '+  audit.log("order.deleted", id);',
  "   res.sendStatus(204);",
  " }",
  " ",
  " export async function archiveOrder(req: Request, res: Response) {",
];

/** HUNK_2 as a tool that strips trailing blanks writes it: its last context line is "" (new line 48). */
const HUNK_2_EMPTY_LAST = [
  "@@ -40,5 +42,7 @@ export async function deleteOrder(req: Request, res: Response) {",
  "   const id = req.params.id;",
  "-  await db.query(`DELETE FROM orders WHERE id = ${id}`);",
  "+  if (!req.user?.isAdmin) return res.sendStatus(403);",
  '+  await db.query("DELETE FROM orders WHERE id = $1", [id]);',
  '+  audit.log("order.deleted", id);',
  "   res.sendStatus(204);",
  " }",
  "",
];

/** HUNK_1 ending in an empty context line instead of the getOrder lines (new-file lines 12-18). */
const HUNK_1_EMPTY_LAST = [
  '@@ -12,5 +12,7 @@ import { db } from "../db.js";',
  " export async function listOrders(req: Request, res: Response) {",
  '-  const rows = await db.query("SELECT * FROM orders");',
  "+  const limit = Number(req.query.limit ?? 50);",
  '+  const rows = await db.query("SELECT * FROM orders LIMIT $1", [limit]);',
  '+  res.setHeader("Cache-Control", "no-store");',
  "   res.json(rows);",
  " }",
  "",
];

const PR_PATCH = lf(...HUNK_1, ...HUNK_2);

/** What the new commits changed, numbered on the same head as the PR's diff. */
const PUSH = {
  /** Added the Cache-Control header (line 15). */
  header: lf(
    "@@ -13,4 +13,5 @@ export async function listOrders(req: Request, res: Response) {",
    "   const limit = Number(req.query.limit ?? 50);",
    '   const rows = await db.query("SELECT * FROM orders LIMIT $1", [limit]);',
    '+  res.setHeader("Cache-Control", "no-store");',
    "   res.json(rows);",
    " }",
  ),
  /** Added the audit line (45). */
  audit: lf(
    "@@ -43,3 +43,4 @@ export async function deleteOrder(req: Request, res: Response) {",
    "   if (!req.user?.isAdmin) return res.sendStatus(403);",
    '   await db.query("DELETE FROM orders WHERE id = $1", [id]);',
    '+  audit.log("order.deleted", id);',
    "   res.sendStatus(204);",
  ),
  /** Removed a debug line between 44 and 45: nothing added. */
  deleteOnly: lf(
    "@@ -44,4 +44,3 @@ export async function deleteOrder(req: Request, res: Response) {",
    '   await db.query("DELETE FROM orders WHERE id = $1", [id]);',
    '-  console.debug("deleting order", id);',
    '   audit.log("order.deleted", id);',
    "   res.sendStatus(204);",
  ),
  /** Restored a line at 30 that an earlier commit had removed: the PR's diff no longer shows that spot. */
  outsideHunks: lf(
    "@@ -29,2 +29,3 @@ export async function getOrder(req: Request, res: Response) {",
    "   const order = await db.one(id);",
    "+  if (!order) return res.sendStatus(404);",
    "   res.json(order);",
  ),
};

const USERS_PATCH = lf(
  "@@ -1,3 +1,4 @@",
  ' import { db } from "../db.js";',
  '+import { hash } from "../crypto.js";',
  " ",
  " export async function createUser(req: Request, res: Response) {",
);

describe("fixtures", () => {
  it.each([
    ["PR patch", PR_PATCH],
    ["PR patch, empty last context line", lf(...HUNK_1, ...HUNK_2_EMPTY_LAST)],
    ["PR patch, first hunk ending in an empty line", lf(...HUNK_1_EMPTY_LAST, ...HUNK_2)],
    ["users patch", USERS_PATCH],
    ...Object.entries(PUSH),
  ])("%s parses cleanly", (_name, patch) => {
    expect(parsePatch(patch).problems).toEqual([]);
  });
});

describe("restrictToChanges: which hunks are kept", () => {
  const cases: { name: string; push: string; patch: string | undefined }[] = [
    { name: "only the second hunk touched → only that hunk's text", push: PUSH.audit, patch: lf(...HUNK_2) },
    { name: "only the first hunk touched → only that hunk's text", push: PUSH.header, patch: lf(...HUNK_1) },
    { name: "both hunks touched → the PR's diff as it was", push: `${PUSH.header}\n${PUSH.audit}`, patch: PR_PATCH },
    { name: "a push that only deleted lines → unchanged", push: PUSH.deleteOnly, patch: undefined },
    { name: "a line added outside every hunk of the PR's diff → unchanged", push: PUSH.outsideHunks, patch: undefined },
  ];

  it.each(cases)("$name", ({ push, patch }) => {
    const scope = restrictToChanges([file(ORDERS, PR_PATCH)], [file(ORDERS, push)]);
    if (patch === undefined) {
      expect(scope).toEqual({ files: [], unchanged: [ORDERS] });
    } else {
      expect(scope.unchanged).toEqual([]);
      expect(scope.files.map((f) => f.patch)).toEqual([patch]);
    }
  });

  it("keeps the second hunk byte-identical to its text in the PR's diff, so its line numbers stay GitHub's", () => {
    const [kept] = restrictToChanges([file(ORDERS, PR_PATCH)], [file(ORDERS, PUSH.audit)]).files;
    expect(kept?.patch).toBe(PR_PATCH.slice(PR_PATCH.indexOf("@@ -40,6")));
    const lines = parsePatch(kept?.patch ?? "").hunks.flatMap((h) => h.lines);
    expect(lines.filter((l) => l.kind === "add").map((l) => l.newLine)).toEqual([43, 44, 45]);
  });

  it("keeps the rest of the PR file's fields as they were", () => {
    const pr = { ...file(ORDERS, PR_PATCH), status: "renamed" as const, previous_filename: "src/api/order.ts" };
    const [kept] = restrictToChanges([pr], [file(ORDERS, PUSH.audit)]).files;
    expect(kept).toEqual({ ...pr, patch: lf(...HUNK_2) });
  });
});

describe("restrictToChanges: whole files and unchanged files", () => {
  const orders = file(ORDERS, PR_PATCH);
  const users = file(USERS, USERS_PATCH);
  const readme = file("README.md", lf("@@ -1 +1 @@", "-# Orders", "+# Orders API"));
  const logo = file("assets/logo.png", undefined, "added");

  it.each([
    {
      name: "files the push did not touch are listed as unchanged, in the PR's order",
      changes: [file(ORDERS, PUSH.audit)],
      files: [{ ...orders, patch: lf(...HUNK_2) }],
      unchanged: [USERS, "README.md", "assets/logo.png"],
    },
    {
      name: "a compare file without a patch (too large to show) keeps the PR file whole",
      changes: [file(ORDERS, undefined), file(USERS, USERS_PATCH)],
      files: [orders, users],
      unchanged: ["README.md", "assets/logo.png"],
    },
    {
      name: "a PR file without a patch that the push touched is passed on whole",
      changes: [file("assets/logo.png", undefined, "modified")],
      files: [logo],
      unchanged: [ORDERS, USERS, "README.md"],
    },
    {
      name: "a compare file that is not part of the PR (reverted to base) is ignored",
      changes: [file("src/api/legacy.ts", lf("@@ -1,1 +1,2 @@", " a", "+b"))],
      files: [],
      unchanged: [ORDERS, USERS, "README.md", "assets/logo.png"],
    },
    {
      name: "no new commits' files at all → everything unchanged",
      changes: [],
      files: [],
      unchanged: [ORDERS, USERS, "README.md", "assets/logo.png"],
    },
  ])("$name", ({ changes, files, unchanged }) => {
    expect(restrictToChanges([orders, users, readme, logo], changes)).toEqual({ files, unchanged });
  });
});

describe("restrictToChanges: patch text variants", () => {
  it.each([
    {
      name: "a patch ending with \\n: the last hunk keeps its final newline",
      pr: `${PR_PATCH}\n`,
      push: PUSH.audit,
      expected: `${lf(...HUNK_2)}\n`,
    },
    {
      name: "a patch ending with \\n, first hunk only",
      pr: `${PR_PATCH}\n`,
      push: PUSH.header,
      expected: lf(...HUNK_1),
    },
    {
      name: "a patch ending with \\n, both hunks: unchanged text",
      pr: `${PR_PATCH}\n`,
      push: `${PUSH.header}\n${PUSH.audit}`,
      expected: `${PR_PATCH}\n`,
    },
    {
      name: "last hunk's last context line is empty: it is kept",
      pr: lf(...HUNK_1, ...HUNK_2_EMPTY_LAST),
      push: PUSH.audit,
      expected: lf(...HUNK_2_EMPTY_LAST),
    },
    {
      name: "last hunk's last context line is empty, both hunks kept: unchanged text",
      pr: lf(...HUNK_1, ...HUNK_2_EMPTY_LAST),
      push: `${PUSH.header}\n${PUSH.audit}`,
      expected: lf(...HUNK_1, ...HUNK_2_EMPTY_LAST),
    },
    {
      name: "first hunk's last context line is empty and only it is kept",
      pr: lf(...HUNK_1_EMPTY_LAST, ...HUNK_2),
      push: PUSH.header,
      expected: lf(...HUNK_1_EMPTY_LAST),
    },
    {
      name: "CRLF patch: the second hunk, \\r\\n and all",
      pr: crlf(...HUNK_1, ...HUNK_2),
      push: crlf(...PUSH.audit.split("\n")),
      expected: crlf(...HUNK_2),
    },
    {
      name: "CRLF patch: the first hunk, up to the \n before the next header",
      pr: crlf(...HUNK_1, ...HUNK_2),
      push: crlf(...PUSH.header.split("\n")),
      expected: `${crlf(...HUNK_1)}\r`,
    },
  ])("$name", ({ pr, push, expected }) => {
    const scope = restrictToChanges([file(ORDERS, pr)], [file(ORDERS, push)]);
    expect(scope.unchanged).toEqual([]);
    const kept = scope.files[0]?.patch ?? "";
    expect(kept).toBe(expected);
    expect(pr.includes(kept)).toBe(true);
    // What the reviewer is shown must still be a well-formed diff with the PR's line numbers.
    expect(parsePatch(kept).problems).toEqual([]);
  });

  it("reads the same lines from a kept hunk as from the PR's diff (empty last context line included)", () => {
    const pr = lf(...HUNK_1, ...HUNK_2_EMPTY_LAST);
    const kept = restrictToChanges([file(ORDERS, pr)], [file(ORDERS, PUSH.audit)]).files[0]?.patch ?? "";
    expect(parsePatch(kept).hunks).toEqual(parsePatch(pr).hunks.slice(1));
    expect(parsePatch(kept).hunks[0]?.lines.at(-1)).toEqual({ kind: "context", content: "", oldLine: 44, newLine: 48 });
  });

  it("reads the same lines from a kept CRLF hunk as from the PR's diff", () => {
    const pr = crlf(...HUNK_1, ...HUNK_2);
    const kept = restrictToChanges([file(ORDERS, pr)], [file(ORDERS, crlf(...PUSH.audit.split("\n")))]).files[0]?.patch ?? "";
    expect(parsePatch(kept).hunks).toEqual(parsePatch(pr).hunks.slice(1));
  });
});
