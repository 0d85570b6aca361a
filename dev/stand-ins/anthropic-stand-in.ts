/**
 * A STAND-IN FOR ANTHROPIC'S MESSAGES API (`POST /v1/messages`), for local runs, demos, benchmarks
 * and end-to-end tests. It is not a model: the scripted reviewer answers every call with a
 * findings report (structured JSON output) for the patterns it recognises on added lines, with usage figures
 * shaped like the real API's (prompt caching included), so cost reporting can be exercised too.
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { delay, listenLocal, readBody, sendJson } from "./http-kit.js";
import { scriptedFindings } from "./scripted-reviewer.js";

export interface AnthropicStandInOptions {
  /** Fixed delay before every answer, to make benchmarks see model-like latency. */
  latencyMs?: number;
  /** Answer the first n calls with 529 overloaded_error (the SDK retries those). */
  failFirst?: number;
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface RecordedCall {
  status: number;
  model?: string;
  promptChars: number;
  findings: number;
  usage?: Usage;
}

export interface AnthropicStats {
  /** Every request to /v1/messages, failed ones included. */
  calls: number;
  failures: number;
  inFlight: number;
  /** The most calls that were being answered at the same time. */
  maxConcurrent: number;
}

export interface AnthropicStandIn {
  port: number;
  /** The value for ANTHROPIC_BASE_URL (the SDK appends /v1/messages). */
  baseUrl: string;
  readonly stats: AnthropicStats;
  calls: readonly RecordedCall[];
  close(): Promise<void>;
}

export interface MessagesRequest {
  model?: unknown;
  max_tokens?: unknown;
  system?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
  output_config?: unknown;
  messages?: unknown;
}

export type Answer = { status: number; body: unknown; call: RecordedCall; cachePrefix?: string };

const CHARS_PER_TOKEN = 3.5;
const tokensOf = (chars: number) => Math.ceil(chars / CHARS_PER_TOKEN);
const apiError = (status: number, type: string, message: string): Answer => ({
  status,
  body: { type: "error", error: { type, message } },
  call: { status, promptChars: 0, findings: 0 },
});

export async function startAnthropicStandIn(options: AnthropicStandInOptions = {}): Promise<AnthropicStandIn> {
  const stats: AnthropicStats = { calls: 0, failures: 0, inFlight: 0, maxConcurrent: 0 };
  const calls: RecordedCall[] = [];
  // A cache entry becomes readable once the call that wrote it has answered, as with the real API:
  // calls sent at the same time as the first one all pay for the write.
  const cachedPrefixes = new Set<string>();
  let overloadsLeft = options.failFirst ?? 0;

  const server = await listenLocal(async (req, res) => {
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://stand-in").pathname !== "/v1/messages") {
      sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: `${req.method} ${req.url} is not served by the Anthropic stand-in` } });
      return;
    }
    const callNumber = ++stats.calls;
    stats.inFlight += 1;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.inFlight);
    try {
      const { json } = await readBody(req);
      const overloaded = hasApiKey(req) && overloadsLeft > 0;
      if (overloaded) overloadsLeft -= 1;
      const answer = !hasApiKey(req)
        ? apiError(401, "authentication_error", "x-api-key header is required")
        : overloaded
          ? apiError(529, "overloaded_error", "Overloaded")
          : answerCall(json as MessagesRequest | undefined, cachedPrefixes);
      await delay(options.latencyMs ?? 0);
      if (answer.cachePrefix !== undefined) cachedPrefixes.add(answer.cachePrefix);
      if (answer.status >= 400) stats.failures += 1;
      calls.push(answer.call);
      sendJson(res, answer.status, answer.body, { "request-id": `req_standin_${callNumber}` });
    } finally {
      stats.inFlight -= 1;
    }
  });

  return { port: server.port, baseUrl: `http://127.0.0.1:${server.port}`, stats, calls, close: () => server.close() };
}

function hasApiKey(req: IncomingMessage): boolean {
  const apiKey = req.headers["x-api-key"];
  const bearer = /^Bearer \S+/.test(req.headers.authorization ?? "");
  return (typeof apiKey === "string" && apiKey.trim() !== "") || bearer;
}

export function answerCall(request: MessagesRequest | undefined, cachedPrefixes: Set<string>): Answer {
  if (!request || typeof request.model !== "string" || typeof request.max_tokens !== "number") {
    return apiError(400, "invalid_request_error", "model and max_tokens are required");
  }
  // Like current models, forced tool use is refused; the App asks for a structured answer instead.
  const choice = (request.tool_choice ?? {}) as { type?: unknown };
  if (choice.type === "tool" || choice.type === "any") {
    return apiError(400, "invalid_request_error", "forced tool use is not supported by this model");
  }
  const format = ((request.output_config ?? {}) as { format?: { type?: unknown } }).format;
  if (format?.type !== "json_schema") {
    return apiError(400, "invalid_request_error", "the stand-in only answers calls that ask for the findings report as structured output");
  }
  const system = textOf(request.system);
  const prompt = Array.isArray(request.messages) ? (request.messages as { content?: unknown }[]).map((m) => textOf(m.content)).join("\n") : "";
  const findings = scriptedFindings(prompt);
  const prefix = createHash("sha256").update(system).digest("hex");
  const prefixTokens = tokensOf(system.length);
  const cached = cachedPrefixes.has(prefix);
  const usage: Usage = {
    input_tokens: tokensOf(prompt.length),
    output_tokens: 60 * findings.length + 20,
    cache_creation_input_tokens: cached ? 0 : prefixTokens,
    cache_read_input_tokens: cached ? prefixTokens : 0,
  };
  const id = randomUUID().replace(/-/g, "").slice(0, 24);
  return {
    status: 200,
    body: {
      id: `msg_standin_${id}`,
      type: "message",
      role: "assistant",
      model: request.model,
      content: [{ type: "text", text: JSON.stringify({ findings }) }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage,
    },
    call: { status: 200, model: request.model, promptChars: prompt.length, findings: findings.length, usage },
    cachePrefix: prefix,
  };
}

/** `system` and message `content` are either a string or a list of blocks; only text blocks count. */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return "";
  return (value as { type?: unknown; text?: unknown }[])
    .map((block) => (block.type === "text" && typeof block.text === "string" ? block.text : ""))
    .join("\n");
}
