import nock from "nock";

export const ANTHROPIC = "https://api.anthropic.com";

export interface MessagesRequest {
  model: string;
  system: { text: string }[];
  output_config?: { format: { type: string } };
  messages: { role: string; content: string }[];
}

/** The Messages API's structured answer: the findings report as JSON text. */
export function toolUseReply(findings: unknown[]) {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5-5",
    content: [{ type: "text", text: JSON.stringify({ findings }) }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

/** Answers the calls whose prompt mentions `path` (all calls without one), recording each request. */
export function mockModel(seen: MessagesRequest[], reply: { status: number; body: unknown }, path?: string): nock.Scope {
  return nock(ANTHROPIC)
    .post("/v1/messages", (body: MessagesRequest) => {
      if (path !== undefined && !body.messages.some((m) => m.content.includes(path))) return false;
      seen.push(body);
      return true;
    })
    .reply(reply.status, reply.body as nock.Body);
}

export function finding(overrides: Record<string, unknown> = {}) {
  return {
    path: "src/routes/users.ts",
    line: 5,
    quote: "  const sql = `SELECT * FROM users WHERE id = ${req.params.id}`;",
    severity: "high",
    category: "security",
    check_id: "sql-injection",
    title: "SQL built from a request parameter",
    explanation: "The id from the URL is interpolated into the SQL text, so a caller can change the query.",
    fix: "Bind the id as a query parameter.",
    confidence: 0.9,
    ...overrides,
  };
}
