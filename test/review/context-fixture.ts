/** A pull request whose weakness line lies outside every hunk but inside the changed function. */

/**
 * The weakness (line 8, the id put into SQL) was there before; the pull request changes the end
 * of the same handler (lines 16-17), so the hunk's three lines of context stop at line 13.
 */
export const HEAD = [
  'import express from "express";', // 1
  'import { db } from "../db.js";', // 2
  "", // 3
  "export const router = express.Router();", // 4
  "", // 5
  'router.get("/users/:id", async (req, res) => {', // 6
  "  const id = req.params.id;", // 7
  "  const sql = `SELECT * FROM users WHERE id = ${id}`;", // 8
  "  const started = Date.now();", // 9
  "  const rows = await db.query(sql);", // 10
  "  if (rows.length === 0) {", // 11
  "    res.status(404).end();", // 12
  "    return;", // 13
  "  }", // 14
  '  res.set("x-took", String(Date.now() - started));', // 15
  "  const [user] = rows;", // 16
  "  res.json({ id: user.id, email: user.email });", // 17
  "});", // 18
  "", // 19
  "export default router;", // 20
  "",
].join("\n");

export const PATCH = [
  "@@ -12,8 +12,9 @@ router.get(\"/users/:id\", async (req, res) => {",
  "     res.status(404).end();",
  "     return;",
  "   }",
  '   res.set("x-took", String(Date.now() - started));',
  "-  res.json(rows[0]);",
  "+  const [user] = rows;",
  "+  res.json({ id: user.id, email: user.email });",
  " });",
  " ",
  " export default router;",
].join("\n");

export const FILES = [{ sha: "0".repeat(40), filename: "src/routes/users.ts", status: "modified", additions: 2, deletions: 1, changes: 3, patch: PATCH }];

export const WEAKNESS = {
  path: "src/routes/users.ts",
  line: 8,
  quote: "  const sql = `SELECT * FROM users WHERE id = ${id}`;",
  severity: "critical",
  category: "security",
  check_id: "sql-injection",
  title: "User id interpolated into SQL",
  explanation: "The handler now returns the user's email, and its id comes from the URL straight into the SQL text.",
  fix: "Bind the id as a query parameter.",
  confidence: 0.9,
};
