/** Messages API reply bodies as Anthropic sends them, for nock. */

export interface UsageFixture {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** A structured-output reply: the findings report as the JSON text of the answer. */
export function toolReply(findings: unknown[], usage: UsageFixture = { input_tokens: 1200, output_tokens: 300 }, stopReason = "end_turn") {
  return {
    id: "msg_test",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5-5",
    content: [{ type: "text", text: JSON.stringify({ findings }) }],
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage },
  };
}

export function errorReply(type: string, message: string) {
  return { type: "error", error: { type, message } };
}

/** Makes the SDK retry at once instead of backing off for seconds. */
export const RETRY_NOW = { "retry-after-ms": "1" };
