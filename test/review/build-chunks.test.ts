import { it } from "vitest";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { renderFileDiff } from "../../src/review/render-diff.js";
it("x", () => {
  const p = parsePatch(["@@ -3,4 +3,5 @@ import { db } from './db';", " export async function find(id) {", "-  return db.raw(id);", "+  const row = await db.get(id);", "+  return row;", " }", " ", "@@ -96,3 +97,4 @@ export function close() {", "   pool.end();", "+  log.info('closed');", " }", "-// eof", "+// end"].join("\n"));
  console.log(JSON.stringify(p.problems));
  console.log(renderFileDiff({ path: "src/db.ts", status: "modified", language: "TypeScript" }, p.hunks));
});
