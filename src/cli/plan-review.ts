import { buildLineIndex } from "../diff/commentable-lines.js";
import { parsePatch } from "../diff/parse-patch.js";
import { selectFiles } from "../diff/select-files.js";
import type { ChangedFile, SkippedFile } from "../diff/types.js";
import { buildChunks } from "../review/build-chunks.js";
import { buildChunkPrompt, buildSystemPrompt } from "../review/build-prompt.js";
import { estimateTokens } from "../review/estimate-tokens.js";
import type { ReviewableFile } from "../review/reviewable-file.js";
import type { ReviewSetup } from "./review-setup.js";

export interface PlannedFile {
  path: string;
  language: string;
  status: ChangedFile["status"];
  additions: number;
  deletions: number;
}

export interface PlannedCall {
  /** Estimated input tokens of the call: the system prompt plus this part of the diff. */
  tokens: number;
  paths: string[];
}

export interface ReviewPlan {
  target: string;
  model: string;
  selected: PlannedFile[];
  skipped: SkippedFile[];
  systemTokens: number;
  calls: PlannedCall[];
  /** Lines of the reviewed files' diffs a finding can be placed on (added and context lines). */
  commentableLines: number;
}

/**
 * The first half of reviewChanges, run offline: the same selection, prompts and chunking, so the
 * plan a dry run prints is the plan a real run carries out.
 */
export function planReview(target: string, files: readonly ChangedFile[], setup: ReviewSetup): ReviewPlan {
  const { settings, agent } = setup;
  const selection = selectFiles([...files], { include: [...settings.include], exclude: [...settings.exclude] });
  const reviewable = selection.selected.map(({ file, language }) => toReviewable(file, language));
  const system = buildSystemPrompt(agent, settings.instructions);
  const systemTokens = estimateTokens(system);
  const { chunks, overBudget } = buildChunks(reviewable, {
    chunkTokens: settings.chunkTokens,
    reviewTokens: settings.reviewTokens,
    systemTokens,
  });
  const left = new Set(overBudget);
  const calls = chunks.map((chunk, i): PlannedCall => {
    const prompt = buildChunkPrompt(chunk, { target, chunkIndex: i + 1, chunkCount: chunks.length });
    return { tokens: systemTokens + estimateTokens(prompt), paths: [...new Set(chunk.parts.map((p) => p.file.path))] };
  });
  return {
    target,
    model: settings.model,
    selected: selection.selected
      .filter(({ file }) => !left.has(file.filename))
      .map(({ file, language }) => ({ path: file.filename, language, status: file.status, additions: file.additions, deletions: file.deletions })),
    skipped: [...selection.skipped, ...overBudget.map((path): SkippedFile => ({ path, reason: "over the review's token budget" }))],
    systemTokens,
    calls,
    commentableLines: reviewable.filter((f) => !left.has(f.path)).reduce((n, f) => n + f.lineIndex.lines().length, 0),
  };
}

function toReviewable(file: ChangedFile, language: string): ReviewableFile {
  const { hunks } = parsePatch(file.patch ?? "");
  return { path: file.filename, previousPath: file.previous_filename, status: file.status, language, hunks, lineIndex: buildLineIndex(hunks) };
}
