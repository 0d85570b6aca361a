import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCliForTest } from "../cli/helpers/cli-harness.js";
import { mockModel, toolUseReply, type MessagesRequest } from "../cli/helpers/model-mocks.js";
import { expectNoPendingMocks } from "../cli/helpers/nock-guard.js";
import { createTempRepo, type TempRepo } from "../cli/helpers/temp-repo.js";

/** The weakness (line 4) sits in the handler, eight lines above the changed one (line 12). */
const route = (last: string) =>
  [
    'import { db } from "../db.js";', // 1
    "", // 2
    'export async function getUser(req, res) {', // 3
    "  const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;", // 4
    "  const started = Date.now();", // 5
    "  const rows = await db.query(sql);", // 6
    "  if (rows.length === 0) {", // 7
    "    res.status(404).end();", // 8
    "    return;", // 9
    "  }", // 10
    '  res.set("x-took", String(Date.now() - started));', // 11
    last, // 12
    "}", // 13
    "",
  ].join("\n");

let repo: TempRepo;
const env = () => ({ ...repo.env, ANTHROPIC_API_KEY: "sk-ant-test" });
const ok = { status: 200, body: toolUseReply([]) };

beforeAll(() => {
  nock.disableNetConnect();
  repo = createTempRepo();
  repo.write("src/users.js", route("  res.json(rows[0]);"));
  repo.commit("initial");
  repo.git("checkout", "--quiet", "-b", "feature");
  repo.write("src/users.js", route("  res.json({ id: rows[0].id, email: rows[0].email });"));
  repo.commit("return the email");
});
afterEach(expectNoPendingMocks);
afterAll(() => {
  nock.enableNetConnect();
  repo.remove();
});

describe("backend-review diff: the code around the changes, read with git", () => {
  it("shows the enclosing function's first line and the weakness line above the hunk, numbered, as context", async () => {
    const seen: MessagesRequest[] = [];
    mockModel(seen, ok);
    const result = await runCliForTest(["diff", "--format", "json"], { env: env(), cwd: repo.dir });

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("could not read");
    const prompt = seen[0]?.messages[0]?.content ?? "";
    expect(prompt).toContain("@@ context lines 3-8 (unchanged code around the diff, not part of it)");
    expect(prompt).toContain(" 3 : export async function getUser(req, res) {");
    expect(prompt).toContain(" 4 :   const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;");
    expect(prompt).not.toContain(" 1 : import");
  });

  it("--worktree reads the files as they are on disk, uncommitted changes included", async () => {
    repo.write("src/users.js", route("  res.json({ id: rows[0].id });"));
    const seen: MessagesRequest[] = [];
    mockModel(seen, ok);
    const result = await runCliForTest(["diff", "--worktree", "--format", "json"], { env: env(), cwd: repo.dir });
    repo.git("checkout", "--quiet", "--", "src/users.js");

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("could not read");
    const prompt = seen[0]?.messages[0]?.content ?? "";
    expect(prompt).toContain(" 3 : export async function getUser(req, res) {");
    expect(prompt).toContain("12 +   res.json({ id: rows[0].id });");
  });

  it("the context setting `hunk` sends the hunks alone", async () => {
    repo.write(".github/backend-review.yml", "context: hunk\n");
    const seen: MessagesRequest[] = [];
    mockModel(seen, ok);
    const result = await runCliForTest(["diff", "--worktree", "--format", "json"], { env: env(), cwd: repo.dir });

    expect(result).toMatchObject({ code: 0 });
    expect(seen[0]?.messages[0]?.content).not.toContain("@@ context lines");
  });
});
