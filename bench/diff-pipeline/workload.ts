/**
 * The diff pipeline's stages, each on inputs prepared beforehand so a timing covers that stage
 * only, and the whole core (`reviewChanges`) with a model that answers instantly.
 */
import parseDiff from "parse-diff";
import { buildLineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { selectFiles } from "../../src/diff/select-files.js";
import type { ChangedFile } from "../../src/diff/types.js";
import { loadAgentFile, DEFAULT_AGENT_PATH, resolveModel, type AgentDefinition } from "../../src/review/agent.js";
import { anchorFindings } from "../../src/review/anchor-findings.js";
import { buildChunks, type Chunk, type ChunkLimits } from "../../src/review/build-chunks.js";
import { buildSystemPrompt } from "../../src/review/build-prompt.js";
import { estimateTokens } from "../../src/review/estimate-tokens.js";
import type { Finding } from "../../src/review/finding.js";
import { silentLogger } from "../../src/review/logger.js";
import { reviewChanges } from "../../src/review/review-changes.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../../src/review/review-settings.js";
import type { ReviewableFile } from "../../src/review/reviewable-file.js";
import { asGitDiff } from "../corpus/as-git-diff.js";
import { instantModel, plantFindings } from "./instant-model.js";

export interface Workload {
  files: ChangedFile[];
  /** Files that carry a patch: what both parsers are given. */
  patches: string[];
  gitDiffs: string[];
  reviewables: ReviewableFile[];
  chunks: Chunk[];
  findings: Map<string, Finding[]>;
  limits: ChunkLimits;
  agent: AgentDefinition;
  settings: ReviewSettings;
}

export async function prepareWorkload(files: ChangedFile[]): Promise<Workload> {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  // The review's token budget is lifted so every selected file is chunked and anchored: a 3,000-file
  // PR would otherwise stop at the default 400k tokens and most of the work would not be measured.
  const settings: ReviewSettings = { ...DEFAULT_REVIEW_SETTINGS, model: resolveModel("sonnet"), reviewTokens: Number.MAX_SAFE_INTEGER };
  const withPatch = files.filter((f) => f.patch !== undefined);
  const reviewables = selectFiles(files).selected.map(({ file, language }) => {
    const hunks = parsePatch(file.patch ?? "").hunks;
    return { path: file.filename, previousPath: file.previous_filename, status: file.status, language, hunks, lineIndex: buildLineIndex(hunks) };
  });
  const limits = { chunkTokens: settings.chunkTokens, reviewTokens: settings.reviewTokens, systemTokens: estimateTokens(buildSystemPrompt(agent)) };
  return {
    files,
    patches: withPatch.map((f) => f.patch ?? ""),
    gitDiffs: withPatch.map(asGitDiff),
    reviewables,
    chunks: buildChunks(reviewables, limits).chunks,
    findings: plantFindings(reviewables),
    limits,
    agent,
    settings,
  };
}

/** Each stage: the work, and how many files it handles (for files/s). `tick` is called per unit. */
export interface Stage {
  name: string;
  files(w: Workload): number;
  run(w: Workload, tick: () => void): unknown;
}

export const STAGES: Readonly<Record<string, Stage>> = {
  parse: {
    name: "parse (ours)",
    files: (w) => w.patches.length,
    run: (w, tick) =>
      w.patches.map((patch) => {
        tick();
        return parsePatch(patch);
      }),
  },
  parseDiff: {
    name: "parse (parse-diff)",
    files: (w) => w.gitDiffs.length,
    run: (w, tick) =>
      w.gitDiffs.map((diff) => {
        tick();
        return parseDiff(diff);
      }),
  },
  select: { name: "select", files: (w) => w.files.length, run: (w) => selectFiles(w.files) },
  chunk: { name: "chunk", files: (w) => w.reviewables.length, run: (w) => buildChunks(w.reviewables, w.limits) },
  anchor: {
    name: "anchor",
    files: (w) => w.reviewables.length,
    run: (w, tick) =>
      w.chunks.map((chunk) => {
        tick();
        const shown = new Map(chunk.parts.map((p) => [p.file.path, p.file.lineIndex]));
        return anchorFindings([...shown.keys()].flatMap((path) => w.findings.get(path) ?? []), shown);
      }),
  },
  core: {
    name: "whole core (reviewChanges)",
    files: (w) => w.files.length,
    run: (w, tick) =>
      reviewChanges(
        { target: "acme/api#1", headSha: "a".repeat(40), files: w.files },
        { model: instantModel(w.findings, tick), agent: w.agent, settings: w.settings, log: silentLogger },
      ),
  },
};
