/**
 * A small, realistic pull request for the demo and the end-to-end tests: a new search endpoint
 * with an injectable query, a password-reset helper with a guessable token, a README paragraph and
 * a lock-file bump. The last two must be skipped by the App; the first two must be flagged.
 */
import type { PullRequestScenario } from "./stand-ins/github-stand-in.js";
import { addedFile, changedFile } from "./scenario-kit.js";

const ordersRoute = changedFile("src/routes/orders.ts", "modified", [
  {
    oldStart: 1,
    newStart: 1,
    lines: [
      ` import { Router } from "express";`,
      ` import { db } from "../db.js";`,
      `+import { requireUser } from "../auth/require-user.js";`,
      ` `,
      ` export const orders = Router();`,
      ` `,
    ],
  },
  {
    oldStart: 14,
    newStart: 15,
    section: `orders.get("/orders/:id", async (req, res) => {`,
    lines: [
      `   res.json(rows[0]);`,
      ` });`,
      ` `,
      `+orders.get("/orders/search", requireUser, async (req, res) => {`,
      `+  const status = String(req.query.status ?? "open");`,
      `+  const { rows } = await db.query(`,
      "+    `SELECT id, total, status FROM orders WHERE customer_id = ${req.user.id} AND status = '${status}'`,",
      `+  );`,
      `+  res.json(rows);`,
      `+});`,
    ],
  },
]);

const resetToken = addedFile("src/auth/reset-token.ts", [
  `import { db } from "../db.js";`,
  ``,
  `const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";`,
  ``,
  `/** A one-time code mailed to the user to reset their password; valid for an hour. */`,
  `export async function createResetToken(userId: string): Promise<string> {`,
  `  let token = "";`,
  `  for (let i = 0; i < 24; i++) {`,
  `    token += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];`,
  `  }`,
  `  await db.query(`,
  `    "INSERT INTO reset_tokens (user_id, token, expires_at) VALUES ($1, $2, now() + interval '1 hour')",`,
  `    [userId, token],`,
  `  );`,
  `  return token;`,
  `}`,
]);

const readme = changedFile("README.md", "modified", [
  {
    oldStart: 21,
    newStart: 21,
    section: "## Endpoints",
    lines: [
      ` - \`GET /orders/:id\`: one order of the signed-in customer.`,
      `+- \`GET /orders/search?status=open\`: the signed-in customer's orders, newest first.`,
      `+- \`POST /password-reset\`: mails a one-time reset code.`,
      ` `,
      ` ## Development`,
    ],
  },
]);

const lockFile = changedFile("package-lock.json", "modified", [
  {
    oldStart: 812,
    newStart: 812,
    lines: [
      `     "node_modules/pg": {`,
      `-      "version": "8.11.3",`,
      `-      "resolved": "https://registry.npmjs.org/pg/-/pg-8.11.3.tgz",`,
      `+      "version": "8.12.0",`,
      `+      "resolved": "https://registry.npmjs.org/pg/-/pg-8.12.0.tgz",`,
      `       "license": "MIT",`,
    ],
  },
]);

export const DEMO_SCENARIO: PullRequestScenario = {
  owner: "acme",
  repo: "payments-api",
  pullNumber: 42,
  headSha: "3f9c2a7be41d08c5a6e2f1b9d7c4e0a8b5f36d21",
  files: [ordersRoute, resetToken, readme, lockFile],
};
