import { createTempRepo, type TempRepo } from "./temp-repo.js";

export const USERS_ROUTE = [
  'import { Router } from "express";',
  'import { db } from "../db.js";',
  "export const users = Router();",
  'users.get("/users/:id", async (req, res) => {',
  "  const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;",
  "  res.json(await db.query(sql));",
  "});",
  "",
].join("\n");

/** main: a db helper and a README; feature: a new route with an injectable query (line 5), a README edit. */
export function featureRepo(): TempRepo {
  const repo = createTempRepo();
  repo.write("src/db.ts", "export const db = { query: async (_sql: string) => [] };\n");
  repo.write("README.md", "# api\n");
  repo.commit("initial");
  repo.git("checkout", "--quiet", "-b", "feature");
  repo.write("src/routes/users.ts", USERS_ROUTE);
  repo.write("README.md", "# api\n\nUsers route.\n");
  repo.commit("users route");
  return repo;
}
