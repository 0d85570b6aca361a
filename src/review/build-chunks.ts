import type { Hunk } from "../diff/types.js";
import type { ContextSection } from "./context/build-file-context.js";
import { CHARS_PER_TOKEN, estimateTokens } from "./estimate-tokens.js";
import { numberWidth, renderFileDiff, renderRow } from "./render-diff.js";
import type { ReviewableFile } from "./reviewable-file.js";

export interface ChunkPart {
  file: ReviewableFile;
  hunks: Hunk[];
  text: string;
  tokens: number;
  /** Of `tokens`, what the context sections (unchanged lines around the hunks) cost. */
  contextTokens: number;
}

export interface Chunk {
  parts: ChunkPart[];
  tokens: number;
}

export interface ChunkLimits {
  /** Estimated diff tokens one model call may carry. */
  chunkTokens: number;
  /** Estimated input tokens the whole review may spend, the system prompt counted once per call. */
  reviewTokens: number;
  systemTokens: number;
  /** Model calls the whole review may make; no limit when absent. */
  maxCalls?: number | undefined;
}

export interface ChunkPlan {
  chunks: Chunk[];
  /** Paths left out whole because the review's token budget ran out. */
  overBudget: string[];
  /** Paths left out whole because they would have needed a model call over `maxCalls`; absent when none was. */
  overCallLimit?: string[] | undefined;
}

/**
 * Packs files into model calls in PR order. A file too large for one call is split between hunks,
 * and a hunk too large between lines, so every call stays under the limit. A file is reviewed whole
 * or not at all: a half-reviewed file would look reviewed to the user. Context around the hunks
 * only spends what the diffs leave of the budget: the files reviewed are those the hunks alone
 * would get reviewed; context goes to them in PR order while it fits, the rest go with hunks alone.
 */
export function buildChunks(files: readonly ReviewableFile[], limits: ChunkLimits): ChunkPlan {
  const plain = files.map((file) => splitFile(file, limits.chunkTokens));
  const rich = files.map((file) => {
    if (!file.context || file.context.length === 0) return undefined;
    const part = makePart(file, file.hunks, numberWidth(file.hunks, file.context), undefined, file.context);
    return part.tokens <= limits.chunkTokens ? part : undefined;
  });
  const base = pack(files, plain, limits);
  let spare = limits.reviewTokens - base.spent;
  const chosen: number[] = [];
  const skipped = new Set([...base.plan.overBudget, ...(base.plan.overCallLimit ?? [])]);
  files.forEach((file, i) => {
    const part = rich[i];
    if (!part || skipped.has(file.path)) return;
    const extra = part.tokens - plain[i]!.reduce((n, p) => n + p.tokens, 0);
    if (extra > spare) return;
    chosen.push(i);
    spare -= extra;
  });
  // Bigger parts can pack worse (one more call, one more system prompt): give context up, last
  // first, until the same files are reviewed as with the hunks alone.
  for (;;) {
    if (chosen.length === 0) return base.plan;
    const withContext = new Set(chosen);
    const tried = pack(
      files,
      plain.map((parts, i) => (withContext.has(i) ? [rich[i]!] : parts)),
      limits,
    );
    if (tried.left === base.left) return tried.plan;
    chosen.pop();
  }
}

interface Packing {
  plan: ChunkPlan;
  spent: number;
  /** The paths left out, as one comparable key. */
  left: string;
}

function pack(files: readonly ReviewableFile[], partsOf: readonly (readonly ChunkPart[])[], limits: ChunkLimits): Packing {
  const chunks: Chunk[] = [];
  const overBudget: string[] = [];
  const overCallLimit: string[] = [];
  const maxCalls = limits.maxCalls ?? Number.POSITIVE_INFINITY;
  let spent = 0;
  files.forEach((file, i) => {
    const parts = partsOf[i] ?? [];
    const cost = costOfAdding(parts, chunks.at(-1), limits);
    if (spent + cost.tokens > limits.reviewTokens) {
      overBudget.push(file.path);
      return;
    }
    // A later, smaller file may still fit in the open call, so the scan goes on.
    if (chunks.length + cost.calls > maxCalls) {
      overCallLimit.push(file.path);
      return;
    }
    spent += cost.tokens;
    for (const part of parts) place(part, chunks, limits.chunkTokens);
  });
  const plan = overCallLimit.length > 0 ? { chunks, overBudget, overCallLimit } : { chunks, overBudget };
  return { plan, spent, left: JSON.stringify([overBudget, overCallLimit]) };
}

/** Tokens the file adds (with the system prompt of every call it opens) and the calls it opens. */
function costOfAdding(parts: readonly ChunkPart[], open: Chunk | undefined, limits: ChunkLimits): { tokens: number; calls: number } {
  let room = open ? limits.chunkTokens - open.tokens : 0;
  let tokens = 0;
  let calls = 0;
  for (const part of parts) {
    if (part.tokens > room) {
      tokens += limits.systemTokens;
      calls += 1;
      room = limits.chunkTokens;
    }
    room -= part.tokens;
    tokens += part.tokens;
  }
  return { tokens, calls };
}

function place(part: ChunkPart, chunks: Chunk[], chunkTokens: number): void {
  const open = chunks.at(-1);
  if (open && open.tokens + part.tokens <= chunkTokens) {
    open.parts.push(part);
    open.tokens += part.tokens;
  } else {
    chunks.push({ parts: [part], tokens: part.tokens });
  }
}

type Measure = (hunks: Hunk[]) => number;

function splitFile(file: ReviewableFile, chunkTokens: number): ChunkPart[] {
  const width = numberWidth(file.hunks);
  const whole = makePart(file, file.hunks, width);
  if (whole.tokens <= chunkTokens) return [whole];
  // Pieces are measured with the longest "part i of N" label they could get (there are never more
  // pieces than lines), so the real label cannot push a part over the limit.
  const most = file.hunks.reduce((n, h) => n + Math.max(h.lines.length, 1), 0);
  const measure: Measure = (hunks) => makePart(file, hunks, width, { index: most, total: most }).tokens;
  const groups: Hunk[][] = [];
  let group: Hunk[] = [];
  let groupTokens = 0;
  // Sizes are taken per piece (each rendered with the file header), so packing stays linear and errs
  // on the large side: the header is counted once per piece but sent once per part.
  for (const hunk of file.hunks.flatMap((h) => splitHunk(h, measure, chunkTokens, width))) {
    const tokens = measure([hunk]);
    if (group.length > 0 && groupTokens + tokens > chunkTokens) {
      groups.push(group);
      group = [];
      groupTokens = 0;
    }
    group.push(hunk);
    groupTokens += tokens;
  }
  if (group.length > 0) groups.push(group);
  return groups.map((hunks, i) => makePart(file, hunks, width, { index: i + 1, total: groups.length }));
}

/** Splits a hunk into line slices that each fit; every slice keeps its true line numbers. */
function splitHunk(hunk: Hunk, measure: Measure, chunkTokens: number, width: number): Hunk[] {
  if (measure([hunk]) <= chunkTokens) return [hunk];
  // Rows are counted in characters against what the frame (headers, with room for the slice's own
  // numbers in its @@ line) leaves, so each slice's estimate stays within the limit.
  const frame = measure([{ ...hunk, newStart: 10 ** width, newLines: 10 ** width, lines: [] }]);
  const room = (chunkTokens - frame) * CHARS_PER_TOKEN;
  const slices: Hunk[] = [];
  let start = 0;
  let used = 0;
  hunk.lines.forEach((line, i) => {
    const cost = renderRow(line, width).length + 1;
    if (i > start && used + cost > room) {
      slices.push(sliceHunk(hunk, start, i));
      start = i;
      used = 0;
    }
    used += cost;
  });
  slices.push(sliceHunk(hunk, start, hunk.lines.length));
  return slices;
}

/** Lines `from`..`to` as a hunk of their own, its starts counted from the hunk's (a slice may hold no new line). */
function sliceHunk(hunk: Hunk, from: number, to: number): Hunk {
  const before = hunk.lines.slice(0, from);
  const lines = hunk.lines.slice(from, to);
  return {
    oldStart: hunk.oldStart + before.filter((l) => l.kind !== "add").length,
    oldLines: lines.filter((l) => l.kind !== "add").length,
    newStart: hunk.newStart + before.filter((l) => l.kind !== "del").length,
    newLines: lines.filter((l) => l.kind !== "del").length,
    section: hunk.section,
    lines,
  };
}

function makePart(file: ReviewableFile, hunks: Hunk[], width: number, part?: { index: number; total: number }, context?: readonly ContextSection[]): ChunkPart {
  const header = { path: file.path, previousPath: file.previousPath, status: file.status, language: file.language, part };
  const text = renderFileDiff(header, hunks, width, context);
  const tokens = estimateTokens(text);
  const contextTokens = context && context.length > 0 ? tokens - estimateTokens(renderFileDiff(header, hunks, width)) : 0;
  return { file, hunks, text, tokens, contextTokens };
}
