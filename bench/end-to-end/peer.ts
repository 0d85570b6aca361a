/**
 * The simplest peer bots' pattern: one model call per file, one after the other, the full system
 * prompt in every call. Simulated with our own model client, system prompt and diff rendering
 * against the Anthropic stand-in, so the only difference from the App is batching, concurrency and
 * prompt caching.
 */
import { performance } from "node:perf_hooks";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { selectFiles } from "../../src/diff/select-files.js";
import type { ChangedFile } from "../../src/diff/types.js";
import { createAnthropicModel } from "../../src/model/anthropic-model.js";
import { DEFAULT_AGENT_PATH, loadAgentFile, resolveModel } from "../../src/review/agent.js";
import { buildChunks } from "../../src/review/build-chunks.js";
import { buildSystemPrompt } from "../../src/review/build-prompt.js";
import { estimateTokens } from "../../src/review/estimate-tokens.js";
import { addUsage, NO_USAGE, type TokenUsage } from "../../src/review/model.js";
import { renderFileDiff } from "../../src/review/render-diff.js";
import { DEFAULT_REVIEW_SETTINGS } from "../../src/review/review-settings.js";
import { buildLineIndex } from "../../src/diff/commentable-lines.js";

export interface Plan {
  /** Files the App reviews with its default settings (selected, within the token budget). */
  reviewed: ChangedFile[];
  languages: Map<string, string>;
  chunks: number;
  overBudget: number;
}

/** What the App will do with these files, worked out with its own functions and default settings. */
export async function planReview(files: ChangedFile[]): Promise<Plan> {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  const selected = selectFiles(files).selected;
  const reviewables = selected.map(({ file, language }) => {
    const hunks = parsePatch(file.patch ?? "").hunks;
    return { path: file.filename, previousPath: file.previous_filename, status: file.status, language, hunks, lineIndex: buildLineIndex(hunks) };
  });
  const s = DEFAULT_REVIEW_SETTINGS;
  const plan = buildChunks(reviewables, { chunkTokens: s.chunkTokens, reviewTokens: s.reviewTokens, systemTokens: estimateTokens(buildSystemPrompt(agent)) });
  const over = new Set(plan.overBudget);
  return {
    reviewed: selected.map((s) => s.file).filter((f) => !over.has(f.filename)),
    languages: new Map(selected.map((s) => [s.file.filename, s.language])),
    chunks: plan.chunks.length,
    overBudget: over.size,
  };
}

export interface PeerRun {
  calls: number;
  wallMs: number;
  usage: TokenUsage;
}

export async function sequentialPeer(plan: Plan, baseURL: string, target: string): Promise<PeerRun> {
  const agent = await loadAgentFile(DEFAULT_AGENT_PATH);
  const model = createAnthropicModel({ apiKey: "bench-key", baseURL, maxRetries: 0, timeoutMs: 60_000 });
  const system = buildSystemPrompt(agent);
  let usage: TokenUsage = { ...NO_USAGE };
  const start = performance.now();
  for (const file of plan.reviewed) {
    const header = { path: file.filename, previousPath: file.previous_filename, status: file.status, language: plan.languages.get(file.filename) ?? "" };
    const prompt = `Review the changes to one file of ${target}.\n\n${renderFileDiff(header, parsePatch(file.patch ?? "").hunks)}`;
    const reply = await model.reportFindings({ model: resolveModel("sonnet"), system, prompt, maxOutputTokens: DEFAULT_REVIEW_SETTINGS.maxOutputTokens });
    usage = addUsage(usage, reply.usage);
  }
  return { calls: plan.reviewed.length, wallMs: performance.now() - start, usage };
}
