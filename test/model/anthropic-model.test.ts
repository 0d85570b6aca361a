import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicModel } from "../../src/model/anthropic-model.js";
import { ModelCallError } from "../../src/review/model.js";
import { errorReply, RETRY_NOW, toolReply } from "../helpers/anthropic-replies.js";

const API = "https://api.anthropic.com";
const request = { model: "claude-sonnet-5-5", system: "You review code.", prompt: "=== FILE ...", maxOutputTokens: 1000 };

function model(maxRetries = 2) {
  return createAnthropicModel({ apiKey: "sk-ant-test", maxRetries, timeoutMs: 5_000 });
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelCallError);
  return (error as ModelCallError).reason;
}

describe("the Anthropic model adapter", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each([
    [529, "overloaded_error", 3, "model API overloaded after 3 attempts"],
    [429, "rate_limit_error", 3, "model API rate limit reached after 3 attempts"],
    [500, "api_error", 3, "model API error 500 after 3 attempts"],
    [401, "authentication_error", 1, "model API rejected the API key (401): check ANTHROPIC_API_KEY"],
    [404, "not_found_error", 1, "model not found (404): check the configured model id"],
    [400, "invalid_request_error", 1, "model API rejected the request (400)"],
  ])("turns HTTP %i into words users can act on, after the SDK's retries", async (status, type, calls, reason) => {
    const scope = nock(API).post("/v1/messages").times(calls).reply(status, errorReply(type, "secret detail sk-ant-leak"), RETRY_NOW);
    const words = await reasonOf(model().reportFindings(request));
    expect(words).toBe(reason);
    expect(words).not.toContain("sk-ant");
    expect(scope.pendingMocks()).toEqual([]);
  });

  it("says the chunk was too long when the API says the prompt is too long", async () => {
    nock(API).post("/v1/messages").reply(400, errorReply("invalid_request_error", "prompt is too long: 250000 tokens > 200000 maximum"));
    expect(await reasonOf(model().reportFindings(request))).toBe("the diff chunk is too long for the model's context");
  });

  it("reads the findings report from the text after any thinking block, with its usage", async () => {
    const reply = toolReply([{ path: "a.ts" }], { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 40 });
    reply.content = [{ type: "thinking", thinking: "…", signature: "s" } as never, ...reply.content];
    nock(API).post("/v1/messages").reply(200, reply);
    expect(await model().reportFindings(request)).toEqual({
      findings: [{ path: "a.ts" }],
      usage: { input: 10, output: 20, cacheRead: 30, cacheWrite: 40 },
      truncated: false,
    });
  });

  it("keeps the review going when an answer is cut off mid-JSON, and says it was cut off", async () => {
    const reply = { ...toolReply([]), stop_reason: "max_tokens", content: [{ type: "text", text: '{"findings": [{"path": "a.t' }] };
    nock(API).post("/v1/messages").reply(200, reply);
    expect(await model().reportFindings(request)).toMatchObject({ findings: [], truncated: true });
  });

  it.each([
    ["text that is not JSON", { content: [{ type: "text", text: "Looks good to me!" }] }, "the model's report was not valid JSON"],
    ["JSON without findings", { content: [{ type: "text", text: '{"approve": true}' }] }, "the model's report did not have a findings list"],
    ["a refusal", { stop_reason: "refusal", content: [] }, "the model declined to review this part"],
  ])("fails the call on %s instead of reporting a clean review", async (_label, change, reason) => {
    nock(API).post("/v1/messages").reply(200, { ...toolReply([]), ...change });
    expect(await reasonOf(model().reportFindings(request))).toBe(reason);
  });

  it("answers explain requests with plain text and no output schema", async () => {
    let body: Record<string, unknown> = {};
    nock(API)
      .post("/v1/messages", (b: Record<string, unknown>) => ((body = b), true))
      .reply(200, { ...toolReply([]), content: [{ type: "text", text: "Because the id is concatenated." }] });
    expect(await model().explain(request)).toMatchObject({ text: "Because the id is concatenated." });
    expect(body.output_config).toBeUndefined();
    expect(body.system).toEqual([{ type: "text", text: "You review code.", cache_control: { type: "ephemeral" } }]);
  });
});
