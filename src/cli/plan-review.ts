import type { ChangedFile, SkippedFile } from "../diff/types.js";
import { buildChunkPrompt } from "../review/build-prompt.js";
import { estimateTokens } from "../review/estimate-tokens.js";
import { planWork, type HeadFiles } from "../review/plan-work.js";
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

/** The core's own plan (planWork), run offline and described: what a real run would send. */
export function planReview(target: string, files: readonly ChangedFile[], setup: ReviewSetup, heads?: HeadFiles): ReviewPlan {
  const work = planWork(files, setup.agent, setup.settings, heads);
  const calls = work.chunks.map((chunk, i): PlannedCall => {
    const prompt = buildChunkPrompt(chunk, { target, chunkIndex: i + 1, chunkCount: work.chunks.length });
    return { tokens: work.systemTokens + estimateTokens(prompt), paths: [...new Set(chunk.parts.map((p) => p.file.path))] };
  });
  const reviewed = new Set(work.reviewed);
  const byPath = new Map(files.map((f) => [f.filename, f]));
  return {
    target,
    model: setup.settings.model,
    selected: work.files
      .filter((f) => reviewed.has(f.path))
      .map((f) => ({ path: f.path, language: f.language, status: f.status, additions: byPath.get(f.path)?.additions ?? 0, deletions: byPath.get(f.path)?.deletions ?? 0 })),
    skipped: work.skipped,
    systemTokens: work.systemTokens,
    calls,
    commentableLines: work.files.filter((f) => reviewed.has(f.path)).reduce((n, f) => n + f.lineIndex.lines().length, 0),
  };
}
