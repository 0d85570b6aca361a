/** The reviewer model as the core sees it: one call per chunk, findings out. Injected everywhere. */

export interface TokenUsage {
  /** Input tokens billed at the full rate (not read from or written to the cache). */
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export const NO_USAGE: Readonly<TokenUsage> = Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}

export interface ModelRequest {
  model: string;
  /** The stable part of the system prompt (agent, checklist, output rules): cached across chunks. */
  system: string;
  /** The per-chunk message: the diff as data. */
  prompt: string;
  maxOutputTokens: number;
  signal?: AbortSignal | undefined;
}

export interface ModelReply {
  /** Raw items as the model returned them; the core validates each one. */
  findings: unknown[];
  usage: TokenUsage;
  /** The answer was cut off by the output token limit: some findings may be missing. */
  truncated: boolean;
}

export interface ExplainReply {
  text: string;
  usage: TokenUsage;
}

export interface ReviewModel {
  reportFindings(request: ModelRequest): Promise<ModelReply>;
  /** A free-text answer about one finding (`/review explain`); no tools. */
  explain(request: ModelRequest): Promise<ExplainReply>;
}

/**
 * A model call that failed for good (after the client's own retries). `reason` is shown to users
 * on the PR and in the check run, so it must be plain words and never contain a secret.
 */
export class ModelCallError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "ModelCallError";
  }
}
