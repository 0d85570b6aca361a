import { selectFiles } from "../diff/select-files.js";
import type { ChangedFile, SkippedFile } from "../diff/types.js";
import type { AgentDefinition } from "./agent.js";
import { buildChunks, type Chunk } from "./build-chunks.js";
import { buildSystemPrompt } from "./build-prompt.js";
import { estimateTokens } from "./estimate-tokens.js";
import { limitFiles } from "./limit-files.js";
import type { ReviewSettings } from "./review-settings.js";
import type { ReviewableFile } from "./reviewable-file.js";
import { toReviewable } from "./to-reviewable.js";

export interface WorkPlan {
  system: string;
  systemTokens: number;
  /** Every file read (parsed), including those then left out by the token budget or call limit. */
  files: ReviewableFile[];
  /** What the secret detector reads: `files` and the test code skipped for the model (under the patch size limit). */
  scanned: ReviewableFile[];
  chunks: Chunk[];
  /** Paths whose diff goes to the model, in PR order. */
  reviewed: string[];
  skipped: SkippedFile[];
}

/** Files' text at the head commit, by path: what context around the hunks is cut from. */
export type HeadFiles = ReadonlyMap<string, string>;

/**
 * The files whose head text the review would show context from: those it reviews (before the
 * token budget, which context may not change), none when the setting asks for the hunks alone.
 */
export function contextPaths(files: readonly ChangedFile[], settings: ReviewSettings): string[] {
  if (settings.context === "hunk") return [];
  const selection = selectFiles([...files], { include: [...settings.include], exclude: [...settings.exclude], reviewTests: settings.reviewTests });
  return limitFiles(selection.selected, settings)
    .kept.filter(({ file }) => file.status !== "removed" && file.patch)
    .map(({ file }) => file.filename);
}

/**
 * Everything a review decides before it calls the model: which files, within which limits, in
 * which calls. The App, the CLI and its dry run share it, so a plan printed is the plan carried out.
 */
export function planWork(files: readonly ChangedFile[], agent: AgentDefinition, settings: ReviewSettings, heads?: HeadFiles): WorkPlan {
  const selection = selectFiles([...files], { include: [...settings.include], exclude: [...settings.exclude], reviewTests: settings.reviewTests });
  const bounded = limitFiles(selection.selected, settings);
  const reviewable = bounded.kept.map(({ file, language }) => {
    const text = settings.context === "hunk" ? undefined : heads?.get(file.filename);
    return toReviewable(file, language, text === undefined ? undefined : { text, mode: settings.context });
  });
  // Bounded like reviewed files (per patch, and in total), but on its own count: scanning is cheap.
  const testCode = limitFiles(selection.testCode, { ...settings, maxFiles: Number.POSITIVE_INFINITY });
  const scanned = [...reviewable, ...testCode.kept.map(({ file, language }) => toReviewable(file, language))];
  const system = buildSystemPrompt(agent, settings.instructions);
  const systemTokens = estimateTokens(system);
  const plan = buildChunks(reviewable, { chunkTokens: settings.chunkTokens, reviewTokens: settings.reviewTokens, systemTokens, maxCalls: settings.maxCalls });
  const overCallLimit = plan.overCallLimit ?? [];
  const left = new Set([...plan.overBudget, ...overCallLimit]);
  return {
    system,
    systemTokens,
    files: reviewable,
    scanned,
    chunks: plan.chunks,
    reviewed: reviewable.map((f) => f.path).filter((p) => !left.has(p)),
    skipped: [
      ...selection.skipped,
      ...bounded.skipped,
      ...plan.overBudget.map((path): SkippedFile => ({ path, reason: "over the review's token budget" })),
      ...overCallLimit.map((path): SkippedFile => ({ path, reason: "over the review's model call limit" })),
    ],
  };
}
