import pLimit from "p-limit";
import type { LineIndex } from "../diff/commentable-lines.js";
import type { ChangedFile, SkippedFile } from "../diff/types.js";
import type { AgentDefinition } from "./agent.js";
import { anchorFindings, type AnchorResult } from "./anchor-findings.js";
import type { Chunk } from "./build-chunks.js";
import { buildChunkPrompt } from "./build-prompt.js";
import { maskSecretsInFinding, scanForSecrets } from "./detect-secrets.js";
import { validateFindings } from "./finding.js";
import type { Logger } from "./logger.js";
import { addUsage, ModelCallError, NO_USAGE, type ReviewModel, type TokenUsage } from "./model.js";
import type { ReviewReport } from "./review-report.js";
import type { ReviewSettings } from "./review-settings.js";
import { selectForPosting } from "./select-for-posting.js";
import { verifyFindings } from "./verify-findings.js";
import { contextPaths, planWork, type HeadFiles } from "./plan-work.js";
import { withSecretsRedacted } from "./redact-secrets.js";

export interface ReviewInput {
  target: string;
  headSha: string;
  files: readonly ChangedFile[];
  /** Incremental review: the reviewed commit the files were narrowed against. */
  since?: string | undefined;
  /** Files left out before the review (e.g. unchanged since the last one), listed with their reason. */
  alreadySkipped?: readonly SkippedFile[] | undefined;
  /** Fingerprints raised or dismissed before on this pull request: never posted again. */
  knownFingerprints?: ReadonlySet<string> | undefined;
}

export interface ReviewDeps {
  model: ReviewModel;
  agent: AgentDefinition;
  settings: ReviewSettings;
  log: Logger;
  signal?: AbortSignal | undefined;
  /** Reads files at the head commit for the context around hunks; without it the hunks go alone. */
  readHeadFiles?: ((paths: readonly string[]) => Promise<HeadFiles>) | undefined;
}

interface ChunkOutcome {
  anchored: AnchorResult;
  usage: TokenUsage;
  invalid: number;
  truncated: boolean;
  /** Dropped by the second look (`verify`). */
  unconfirmed: number;
  failure?: string;
}

/**
 * Reviews one snapshot of a change: select files, parse patches, chunk, ask the model per chunk
 * (bounded concurrency), validate and anchor what it says. Pure apart from the injected model.
 */
export async function reviewChanges(input: ReviewInput, deps: ReviewDeps): Promise<ReviewReport> {
  const { settings } = deps;
  const work = planWork(input.files, deps.agent, settings, await readHeads(input, deps));
  // Committed credentials are found by rule, on every file read (even one over the token budget or
  // call limit), whether or not the model answers; their values are masked in what it writes too,
  // and redacted from everything sent to it (withSecretsRedacted).
  const secrets = scanForSecrets(work.scanned);
  const secretFindings = anchorFindings(secrets.findings, new Map(work.scanned.map((f) => [f.path, f.lineIndex])));
  const limit = pLimit(settings.concurrency);
  const outcomes = await Promise.all(
    work.chunks.map((chunk, i) => limit(() => reviewChunk(chunk, i, work.chunks.length, work.system, input, { ...deps, model: withSecretsRedacted(deps.model, secrets.found), secrets: secrets.values }))),
  );
  const contextTokens = work.chunks.reduce((n, chunk) => chunk.parts.reduce((m, part) => m + part.contextTokens, n), 0);
  const report = assembleReport(input, deps, {
    reviewed: work.reviewed,
    skipped: [...(input.alreadySkipped ?? []), ...work.skipped],
    chunks: work.chunks,
    outcomes,
    secretFindings,
  });
  return contextTokens > 0 ? { ...report, contextTokens } : report;
}

/**
 * The head text of the files the review will show context from. Context helps the reviewer but is
 * not the review: when it cannot be read, the review goes on with the hunks alone.
 */
async function readHeads(input: ReviewInput, deps: ReviewDeps): Promise<HeadFiles | undefined> {
  const paths = deps.readHeadFiles ? contextPaths(input.files, deps.settings) : [];
  if (!deps.readHeadFiles || paths.length === 0) return undefined;
  try {
    return await deps.readHeadFiles(paths);
  } catch (error) {
    deps.log.warn({ err: error, files: paths.length }, "could not read the changed files at the head commit; reviewing the diff without the code around it");
    return undefined;
  }
}

async function reviewChunk(
  chunk: Chunk,
  index: number,
  count: number,
  system: string,
  input: ReviewInput,
  deps: ReviewDeps & { secrets: readonly string[] },
): Promise<ChunkOutcome> {
  const shown = new Map<string, LineIndex>(chunk.parts.map((p) => [p.file.path, p.file.lineIndex]));
  const empty: AnchorResult = { inline: [], fileLevel: [], dropped: [] };
  try {
    deps.signal?.throwIfAborted();
    const reply = await deps.model.reportFindings({
      model: deps.settings.model,
      system,
      prompt: buildChunkPrompt(chunk, { target: input.target, chunkIndex: index + 1, chunkCount: count }),
      maxOutputTokens: deps.settings.maxOutputTokens,
      signal: deps.signal,
    });
    const { valid, rejected } = validateFindings(reply.findings);
    if (rejected.length > 0) deps.log.warn({ chunk: index + 1, rejected }, "dropped malformed findings from the model");
    if (reply.truncated) deps.log.warn({ chunk: index + 1 }, "model answer cut off at the output token limit");
    const masked = valid.map((f) => maskSecretsInFinding(f, deps.secrets));
    const anchored = anchorFindings(masked, shown);
    if (!deps.settings.verify) return { anchored, usage: reply.usage, invalid: rejected.length, truncated: reply.truncated, unconfirmed: 0 };
    const checked = await verifyFindings(anchored, chunk, deps);
    const usage = addUsage(reply.usage, checked.usage);
    return { anchored: checked.result, usage, invalid: rejected.length, truncated: reply.truncated, unconfirmed: checked.unconfirmed };
  } catch (error) {
    const reason = error instanceof ModelCallError ? error.reason : deps.signal?.aborted ? "the review was cancelled" : "unexpected error in the review";
    deps.log.error({ chunk: index + 1, err: error }, `model call failed: ${reason}`);
    return { anchored: empty, usage: NO_USAGE, invalid: 0, truncated: false, unconfirmed: 0, failure: reason };
  }
}

function assembleReport(
  input: ReviewInput,
  deps: ReviewDeps,
  parts: { reviewed: string[]; skipped: SkippedFile[]; chunks: Chunk[]; outcomes: ChunkOutcome[]; secretFindings: AnchorResult },
): ReviewReport {
  const { outcomes, chunks } = parts;
  // The rule's findings first: where the model reports the same line, the rule's wording is kept.
  const merged: AnchorResult = {
    inline: [...parts.secretFindings.inline, ...outcomes.flatMap((o) => o.anchored.inline)],
    fileLevel: [...parts.secretFindings.fileLevel, ...outcomes.flatMap((o) => o.anchored.fileLevel)],
    dropped: outcomes.flatMap((o) => o.anchored.dropped),
  };
  const posting = selectForPosting(merged, deps.settings, input.knownFingerprints);
  const failures = outcomes.flatMap((o, i) =>
    o.failure === undefined ? [] : [{ chunk: i + 1, paths: [...new Set(chunks[i]?.parts.map((p) => p.file.path))], reason: o.failure }],
  );
  return {
    target: input.target,
    headSha: input.headSha,
    since: input.since,
    model: deps.settings.model,
    reviewed: parts.reviewed,
    skipped: parts.skipped,
    inline: posting.inline,
    overflow: posting.overflow,
    fileLevel: posting.fileLevel,
    failures,
    truncatedChunks: outcomes.flatMap((o, i) => (o.truncated ? [i + 1] : [])),
    calls: outcomes.length,
    usage: outcomes.reduce((sum, o) => addUsage(sum, o.usage), { ...NO_USAGE }),
    fingerprints: [...new Set([...merged.inline, ...merged.fileLevel].map((f) => f.fingerprint))],
    dropped: {
      invalid: outcomes.reduce((n, o) => n + o.invalid, 0),
      otherFiles: merged.dropped.length,
      filtered: posting.filtered,
      duplicates: posting.duplicates,
      known: posting.known,
      unconfirmed: outcomes.reduce((n, o) => n + o.unconfirmed, 0),
    },
  };
}
