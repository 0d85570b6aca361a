/** Messages API reply bodies as Anthropic sends them, for nock. */

export interface UsageFixture {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export function toolReply(findings: unknown[], usage: UsageFixture = { input_tokens: 1200, output_tokens: 300 }, stopReason = "tool_use") {
  return {
    id: "msg_test",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5-5",
    content: [{ type: "tool_use", id: "toolu_1", name: "report_findings", input: { findings } }],
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
