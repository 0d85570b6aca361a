/**
 * The stand-ins themselves: if they drift from what GitHub and Anthropic do (or from our prompt
 * format), the end-to-end tests and the demo would prove nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addedFile, changedFile } from "../../dev/scenario-kit.js";
import { startAnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import { startGitHubStandIn, type GitHubStandIn } from "../../dev/stand-ins/github-stand-in.js";
import { scriptedFindings } from "../../dev/stand-ins/scripted-reviewer.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { renderFileDiff } from "../../src/review/render-diff.js";

const RISKY = changedFile("src/api/admin.ts", "modified", [
  {
    oldStart: 8,
    newStart: 8,
    lines: [
      "   const token = Math.random().toString(36);",
      "-  eval(req.body.script);",
      "+  const rows = await db.query(\"SELECT * FROM users WHERE name = '\" + req.query.name + \"'\");",
      "+  const resetToken = Math.random().toString(36).slice(2);",
      "+  new Function(req.body.code)();",
      "+  execSync(`tar -xf ${req.query.file}`);",
      "+  const page = await fetch(req.query.url);",
      "+  const agent = new https.Agent({ rejectUnauthorized: false });",
      '+  const password = "hunter2-prod";',
      "+  const safe = await db.query(\"SELECT * FROM users WHERE id = $1\", [id]);",
    ],
  },
]);

describe("scripted reviewer", () => {
  it("flags each textbook defect on its added line, with the code quoted verbatim, and ignores other lines", () => {
    const prompt = renderFileDiff({ path: RISKY.filename, status: "modified", language: "TypeScript" }, parsePatch(RISKY.patch ?? "").hunks);
    const found = scriptedFindings(`Review part 1 of 1.\n\n${prompt}`).map((f) => [f.line, f.check_id, f.quote]);
    expect(found).toEqual([
      [9, "sql-injection", "  const rows = await db.query(\"SELECT * FROM users WHERE name = '\" + req.query.name + \"'\");"],
      [10, "insecure-randomness", "  const resetToken = Math.random().toString(36).slice(2);"],
      [11, "code-injection", "  new Function(req.body.code)();"],
      [12, "command-injection", "  execSync(`tar -xf ${req.query.file}`);"],
      [13, "ssrf", "  const page = await fetch(req.query.url);"],
      [14, "tls-verification-disabled", "  const agent = new https.Agent({ rejectUnauthorized: false });"],
      [15, "hardcoded-secret", '  const password = "hunter2-prod";'],
    ]);
  });
});

describe("GitHub stand-in", () => {
  let github: GitHubStandIn;
  let token = "";
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${github.baseUrl}${path}`, { ...init, headers: { authorization: `token ${token}`, "content-type": "application/json" } });

  beforeAll(async () => {
    const files = [RISKY, ...Array.from({ length: 5 }, (_, i) => addedFile(`docs/${i}.md`, ["x"]))];
    github = await startGitHubStandIn({ owner: "acme", repo: "api", pullNumber: 7, headSha: "a".repeat(40), files });
    const exchange = await fetch(`${github.baseUrl}/app/installations/9/access_tokens`, { method: "POST", headers: { authorization: "bearer a.b.c" } });
    token = ((await exchange.json()) as { token: string }).token;
  });
  afterAll(() => github.close());

  it("refuses a review comment off the diff with GitHub's 422, and accepts one on an added line", async () => {
    const review = (line: number) =>
      api("/repos/acme/api/pulls/7/reviews", { method: "POST", body: JSON.stringify({ event: "COMMENT", body: "b", comments: [{ path: RISKY.filename, line, side: "RIGHT", body: "c" }] }) });
    const refused = await review(40);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ message: "Unprocessable Entity", errors: ["Line could not be resolved"] });
    expect((await review(9)).status).toBe(200);
  });

  it("pages the file list with a Link header", async () => {
    const first = await api("/repos/acme/api/pulls/7/files?per_page=4");
    expect(((await first.json()) as unknown[]).length).toBe(4);
    expect(first.headers.get("link")).toContain(`<${github.baseUrl}/repos/acme/api/pulls/7/files?per_page=4&page=2>; rel="next"`);
  });

  it("answers unknown routes 404 and records them as unexpected; requires the installation token", async () => {
    expect((await api("/repos/acme/api/branches")).status).toBe(404);
    expect(github.unexpected().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /repos/acme/api/branches"]);
    expect((await fetch(`${github.baseUrl}/repos/acme/api/pulls/7/files`)).status).toBe(401);
  });
});

describe("Anthropic stand-in", () => {
  const call = (baseUrl: string, headers: Record<string, string> = { "x-api-key": "k" }) =>
    fetch(`${baseUrl}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ model: "m", max_tokens: 100, system: "S".repeat(700), output_config: { format: { type: "json_schema", schema: {} } }, messages: [{ role: "user", content: "hi" }] }),
    });

  it("overloads the first n calls, then writes the prompt cache once and reads it after", async () => {
    const anthropic = await startAnthropicStandIn({ failFirst: 1 });
    try {
      const overloaded = await call(anthropic.baseUrl);
      expect(overloaded.status).toBe(529);
      expect(await overloaded.json()).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
      const first = (await (await call(anthropic.baseUrl)).json()) as { usage: Record<string, number>; stop_reason: string };
      const second = (await (await call(anthropic.baseUrl)).json()) as { usage: Record<string, number> };
      expect(first.stop_reason).toBe("end_turn");
      expect(first.usage).toMatchObject({ output_tokens: 20, cache_read_input_tokens: 0 });
      expect(first.usage.cache_creation_input_tokens).toBe(200); // 700 characters of system prompt at 3.5 a token
      expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: first.usage.cache_creation_input_tokens });
      expect((await call(anthropic.baseUrl, {})).status).toBe(401);
      expect(anthropic.stats).toMatchObject({ calls: 4, failures: 2 });
    } finally {
      await anthropic.close();
    }
  });

  it("holds each call for latencyMs and reports how many overlapped", async () => {
    const anthropic = await startAnthropicStandIn({ latencyMs: 150 });
    try {
      await Promise.all([call(anthropic.baseUrl), call(anthropic.baseUrl), call(anthropic.baseUrl)]);
      expect(anthropic.stats).toMatchObject({ calls: 3, maxConcurrent: 3, inFlight: 0 });
    } finally {
      await anthropic.close();
    }
  });
});
