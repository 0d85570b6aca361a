/**
 * What the code around the hunks costs: estimated input tokens of a review with `context: hunk`
 * and with `context: function` (and `file`), on the bench's pull requests (the end-to-end case's
 * 4-, 40- and 300-file PRs and the real-world patches). Those patches come without their files, so
 * a plausible head file is made for each one: the hunks' lines at their own new-file numbers, each
 * group of nearby hunks inside a function whose header starts 3-25 lines above it and whose body
 * goes on 3-25 lines below (seeded), top-level lines between functions. Run from the repository
 * root after `npm run build:tools`:
 *
 *   node dist/bench/enclosing-function/context-tokens.js
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_SCENARIO } from "../../dev/demo-scenario.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { ChangedFile } from "../../src/diff/types.js";
import { DEFAULT_AGENT_PATH, loadAgentFile, resolveModel } from "../../src/review/agent.js";
import { buildChunkPrompt } from "../../src/review/build-prompt.js";
import type { ContextMode } from "../../src/review/context/build-file-context.js";
import { estimateTokens } from "../../src/review/estimate-tokens.js";
import { planWork, type HeadFiles } from "../../src/review/plan-work.js";
import { DEFAULT_REVIEW_SETTINGS } from "../../src/review/review-settings.js";
import { REAL_WORLD_PATCHES } from "../corpus/real-world-patches.js";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { createRandom, type Random } from "../lib/random.js";

type Shape = { open: (name: string) => string; close: string; body: (r: Random) => string; top: string };

const SHAPES: Readonly<Record<string, Shape>> = {
  ts: { open: (n) => `export async function ${n}(req: Request, res: Response): Promise<void> {`, close: "}", body: (r) => `  const v${r.int(1, 99)} = await service.load(req.params.id);`, top: 'import { service } from "./service.js";' },
  go: { open: (n) => `func (s *Server) ${n}(w http.ResponseWriter, r *http.Request) {`, close: "}", body: (r) => `\tv${r.int(1, 99)}, err := s.store.Load(r.Context(), id)`, top: "var errNotFound = errors.New(\"not found\")" },
  py: { open: (n) => `def ${n}(request, item_id):`, close: "    return None", body: (r) => `    v${r.int(1, 99)} = service.load(item_id)`, top: "logger = logging.getLogger(__name__)" },
  java: { open: (n) => `    public Result ${n}(long id) {`, close: "    }", body: (r) => `        Item v${r.int(1, 99)} = repository.findById(id).orElseThrow();`, top: "" },
  rb: { open: (n) => `  def ${n}`, close: "  end", body: (r) => `    v${r.int(1, 99)} = Item.find(params[:id])`, top: "" },
  cs: { open: (n) => `    public async Task<IActionResult> ${n}(int id) {`, close: "    }", body: (r) => `        var v${r.int(1, 99)} = await _db.Items.FindAsync(id);`, top: "" },
};
const EXTENSIONS: Readonly<Record<string, keyof typeof SHAPES>> = { ts: "ts", js: "ts", go: "go", py: "py", java: "java", rb: "rb", cs: "cs" };

/** A head file around the patch's hunks, with the line numbers the patch gives them. */
function makeHead(file: ChangedFile, r: Random): string | undefined {
  const shape = SHAPES[EXTENSIONS[file.filename.split(".").pop() ?? ""] ?? ""];
  const hunks = parsePatch(file.patch ?? "").hunks;
  if (!shape || hunks.length === 0 || file.status === "removed") return undefined;
  const lines = new Map<number, string>();
  for (const hunk of hunks) for (const line of hunk.lines) if (line.newLine !== null) lines.set(line.newLine, line.content);
  const spans = hunks.map((h) => ({ start: h.newStart, end: h.newStart + Math.max(h.newLines, 1) - 1 }));
  // Hunks closer than 12 lines share a function, as edits in one function usually do.
  const groups: { start: number; end: number }[] = [];
  for (const span of spans) {
    const last = groups.at(-1);
    if (last && span.start - last.end < 12) last.end = span.end;
    else groups.push({ ...span });
  }
  const out: string[] = [];
  let next = 1;
  groups.forEach((group, i) => {
    const header = Math.max(next, group.start - r.int(3, 25));
    const room = (groups[i + 1]?.start ?? Number.POSITIVE_INFINITY) - group.end - 2;
    const close = group.end + Math.max(1, Math.min(room, r.int(3, 25)));
    for (let n = next; n <= close; n++) {
      const fixed = lines.get(n);
      if (fixed !== undefined) out[n - 1] = fixed;
      else if (n < header) out[n - 1] = shape.top;
      else if (n === header) out[n - 1] = shape.open(`handler${i}`);
      else if (n === close) out[n - 1] = shape.close;
      else out[n - 1] = shape.body(r);
    }
    next = close + 1;
  });
  for (let n = 0; n < out.length; n++) out[n] ??= "";
  return `${out.join("\n")}\n`;
}

/** Mean milliseconds of one run, over at least 300 ms of runs. */
function timeIt(fn: () => void): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < 300) {
    fn();
    runs++;
  }
  return Math.round(((performance.now() - start) / runs) * 100) / 100;
}

async function measure(name: string, files: readonly ChangedFile[]): Promise<Record<string, unknown>> {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  const r = createRandom(16);
  const heads: HeadFiles = new Map(files.flatMap((f) => {
    const text = makeHead(f, r);
    return text === undefined ? [] : [[f.filename, text] as const];
  }));
  const tokens = (mode: ContextMode, reviewTokens = DEFAULT_REVIEW_SETTINGS.reviewTokens) => {
    const settings = { ...DEFAULT_REVIEW_SETTINGS, model: resolveModel("sonnet"), context: mode, reviewTokens };
    if (reviewTokens === Number.POSITIVE_INFINITY) settings.maxCalls = Number.POSITIVE_INFINITY;
    const planMs = timeIt(() => planWork(files, agent, settings, heads));
    const work = planWork(files, agent, settings, heads);
    const input = work.chunks.reduce((n, chunk, i) => n + work.systemTokens + estimateTokens(buildChunkPrompt(chunk, { target: name, chunkIndex: i + 1, chunkCount: work.chunks.length })), 0);
    const context = work.chunks.reduce((n, c) => c.parts.reduce((m, p) => m + p.contextTokens, n), 0);
    return { input, context, calls: work.chunks.length, reviewed: work.reviewed.length, planMs };
  };
  const hunk = tokens("hunk");
  const fn = tokens("function");
  const file = tokens("file");
  // The same without the review's token budget (400,000 by default), which caps the large PR.
  const unbounded = { hunk: tokens("hunk", Number.POSITIVE_INFINITY), function: tokens("function", Number.POSITIVE_INFINITY) };
  const ratio = (n: number) => Math.round((n / hunk.input) * 100) / 100;
  return { pullRequest: name, files: files.length, headFilesMade: heads.size, hunk, function: fn, file, functionRatio: ratio(fn.input), fileRatio: ratio(file.input), unbounded, unboundedFunctionRatio: Math.round((unbounded.function.input / unbounded.hunk.input) * 100) / 100 };
}

const rows = [
  await measure("demo, 4 files", DEMO_SCENARIO.files),
  await measure("synthetic, 40 files", syntheticPullRequest(40, 40)),
  await measure("synthetic, 300 files", syntheticPullRequest(300, 300)),
  await measure("real-world patches, 10 files", REAL_WORLD_PATCHES),
];
const ms = (r: Record<string, unknown>, mode: string) => (r[mode] as { planMs: number }).planMs;
console.table(rows.map((r) => ({ pr: r.pullRequest, planMsHunk: ms(r, "hunk"), planMsFunction: ms(r, "function"), hunk: (r.hunk as { input: number }).input, function: (r.function as { input: number }).input, file: (r.file as { input: number }).input, functionRatio: r.functionRatio, fileRatio: r.fileRatio, unboundedFunctionRatio: r.unboundedFunctionRatio })));
writeFileSync(path.resolve("bench/enclosing-function/context-tokens.json"), `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`);
