import pLimit from "p-limit";
import type { LineIndex } from "../diff/commentable-lines.js";
import type { ChangedFile, SkippedFile } from "../diff/types.js";
import type { AgentDefinition } from "./agent.js";
import { anchorFindings, type AnchorResult } from "./anchor-findings.js";
import type { Chunk } from "./build-chunks.js";
import { buildChunkPrompt } from "./build-prompt.js";
import { maskSecretsInFinding, scanForSecrets } from "./detect-secrets.js";
import type { Logger } from "./logger.js";
import { addUsage, ModelCallError, NO_USAGE, type ReviewModel, type TokenUsage } from "./model.js";
import type { ReviewReport } from "./review-report.js";
import type { ReviewSettings } from "./review-settings.js";
import { selectForPosting } from "./select-for-posting.js";
import { verifyFindings } from "./verify-findings.js";
import { contextPaths, planWork, type HeadFiles } from "./plan-work.js";
import { withSecretsRedacted } from "./redact-secrets.js";
import { buildCheckVocabulary, normaliseFindings, type CheckVocabulary } from "./normalise-findings.js";
import { buildLineIndex } from "../diff/commentable-lines.js";
import { parsePatch } from "../diff/parse-patch.js";

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
  /**
   * The pull request's whole diff when `files` was narrowed to what new commits touched: copies of
   * a line are counted over it, so fingerprints agree between full and incremental reviews.
   */
  wholeFiles?: readonly ChangedFile[] | undefined;
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
  /** Items the model returned, usable or not. */
  reported: number;
  /** Items that could not be read as a finding at all (no path, no severity). */
  unusable: number;
  /** Findings repaired by normalisation (anchoring's path repairs are in `anchored`). */
  repaired: Set<object>;
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
  const occurrenceIndex = wholeDiffIndex(input.wholeFiles);
  const secretFindings = anchorFindings(secrets.findings, new Map(work.scanned.map((f) => [f.path, f.lineIndex])), { occurrenceIndex });
  const limit = pLimit(settings.concurrency);
  const chunkDeps = { ...deps, model: withSecretsRedacted(deps.model, secrets.found), secrets: secrets.values, vocabulary: buildCheckVocabulary(deps.agent.prompt), occurrenceIndex };
  const outcomes = await Promise.all(work.chunks.map((chunk, i) => limit(() => reviewChunk(chunk, i, work.chunks.length, work.system, input, chunkDeps))));
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
  deps: ReviewDeps & ChunkContext,
): Promise<ChunkOutcome> {
  const shown = new Map<string, LineIndex>(chunk.parts.map((p) => [p.file.path, p.file.lineIndex]));
  const empty: AnchorResult = { inline: [], fileLevel: [], otherFiles: [], repairedPaths: [] };
  try {
    deps.signal?.throwIfAborted();
    const reply = await deps.model.reportFindings({
      model: deps.settings.model,
      system,
      prompt: buildChunkPrompt(chunk, { target: input.target, chunkIndex: index + 1, chunkCount: count }),
      maxOutputTokens: deps.settings.maxOutputTokens,
      signal: deps.signal,
    });
    const normalised = normaliseFindings(reply.findings, deps.vocabulary);
    if (normalised.unusable.length > 0) deps.log.warn({ chunk: index + 1, unusable: normalised.unusable }, "model findings that could not be used");
    if (reply.truncated) deps.log.warn({ chunk: index + 1 }, "model answer cut off at the output token limit");
    const repaired = new Set<object>();
    const masked = normalised.findings.map(({ finding, repairs }) => {
      const clean = maskSecretsInFinding(finding, deps.secrets);
      if (repairs.length > 0) repaired.add(clean);
      return clean;
    });
    const repairs = normalised.findings.flatMap((f) => f.repairs);
    if (repairs.length > 0) deps.log.info({ chunk: index + 1, repairs }, "repaired model findings");
    const anchored = anchorFindings(masked, shown, { occurrenceIndex: deps.occurrenceIndex });
    for (const f of anchored.repairedPaths) repaired.add(f);
    const base = { usage: reply.usage, reported: reply.findings.length, unusable: normalised.unusable.length, repaired, truncated: reply.truncated };
    if (!deps.settings.verify) return { ...base, anchored, unconfirmed: 0 };
    const checked = await verifyFindings(anchored, chunk, { ...deps, vocabulary: deps.vocabulary });
    return { ...base, anchored: checked.result, usage: addUsage(reply.usage, checked.usage), unconfirmed: checked.unconfirmed };
  } catch (error) {
    const reason = error instanceof ModelCallError ? error.reason : deps.signal?.aborted ? "the review was cancelled" : "unexpected error in the review";
    deps.log.error({ chunk: index + 1, err: error }, `model call failed: ${reason}`);
    return { anchored: empty, usage: NO_USAGE, reported: 0, unusable: 0, repaired: new Set(), truncated: false, unconfirmed: 0, failure: reason };
  }
}

function assembleReport(
  input: ReviewInput,
  deps: ReviewDeps,
  parts: { reviewed: string[]; skipped: SkippedFile[]; chunks: Chunk[]; outcomes: ChunkOutcome[]; secretFindings: AnchorResult },
): ReviewReport {
  const { outcomes, chunks } = parts;
  // The rule's findings first: where the model reports the same line, the rule's wording is kept.
  const merged = {
    inline: [...parts.secretFindings.inline, ...outcomes.flatMap((o) => o.anchored.inline)],
    fileLevel: [...parts.secretFindings.fileLevel, ...outcomes.flatMap((o) => o.anchored.fileLevel)],
    otherFiles: outcomes.flatMap((o) => o.anchored.otherFiles),
  };
  const posting = selectForPosting(merged, deps.settings, input.knownFingerprints);
  const failures = outcomes.flatMap((o, i) =>
    o.failure === undefined ? [] : [{ chunk: i + 1, paths: [...new Set(chunks[i]?.parts.map((p) => p.file.path))], reason: o.failure }],
  );
  const secretCount = parts.secretFindings.inline.length + parts.secretFindings.fileLevel.length + parts.secretFindings.otherFiles.length;
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
    otherFiles: posting.otherFiles,
    failures,
    truncatedChunks: outcomes.flatMap((o, i) => (o.truncated ? [i + 1] : [])),
    calls: outcomes.length,
    usage: outcomes.reduce((sum, o) => addUsage(sum, o.usage), { ...NO_USAGE }),
    fingerprints: [...new Set([...merged.inline, ...merged.fileLevel].map((f) => f.fingerprint))],
    reported: secretCount + outcomes.reduce((n, o) => n + o.reported, 0),
    repaired: outcomes.reduce((n, o) => n + o.repaired.size, 0),
    dropped: {
      unusable: outcomes.reduce((n, o) => n + o.unusable, 0),
      duplicates: posting.duplicates,
      belowSeverity: posting.belowSeverity,
      belowConfidence: posting.belowConfidence,
      categoryOff: posting.categoryOff,
      known: posting.known,
      unconfirmed: outcomes.reduce((n, o) => n + o.unconfirmed, 0),
    },
  };
}

interface ChunkContext {
  secrets: readonly string[];
  vocabulary: CheckVocabulary;
  occurrenceIndex: ReadonlyMap<string, LineIndex> | undefined;
}

/** Line indexes of the pull request's whole diff, when the review was narrowed to part of it. */
function wholeDiffIndex(files: readonly ChangedFile[] | undefined): ReadonlyMap<string, LineIndex> | undefined {
  if (files === undefined) return undefined;
  return new Map(files.flatMap((f) => (f.patch === undefined ? [] : [[f.filename, buildLineIndex(parsePatch(f.patch).hunks)] as const])));
}
