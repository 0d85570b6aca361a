import Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { ReportSchema, ReportToolSchema } from "../review/finding.js";
import { ModelCallError, type ExplainReply, type ModelReply, type ModelRequest, type ReviewModel } from "../review/model.js";
import { describeModelError } from "./describe-model-error.js";

export const REPORT_TOOL_NAME = "report_findings";

export interface AnthropicModelOptions {
  apiKey: string;
  baseURL?: string | undefined;
  /** Retries after the first attempt, done by the SDK with backoff on 408/409/429/5xx/529. */
  maxRetries: number;
  timeoutMs: number;
}

const toolInputSchema = z.toJSONSchema(ReportToolSchema) as Anthropic.Messages.Tool.InputSchema;

/**
 * The reviewer model on Anthropic's Messages API. The tool is the only one offered and is forced,
 * so the model can do nothing but return findings; the system prompt and tool are marked for prompt
 * caching so every chunk after the first reads them from the cache.
 */
export function createAnthropicModel(options: AnthropicModelOptions): ReviewModel {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
  });
  const attempts = options.maxRetries + 1;

  return {
    async reportFindings(request: ModelRequest): Promise<ModelReply> {
      let message: Anthropic.Messages.Message;
      try {
        message = await client.messages.create(
          {
            model: request.model,
            max_tokens: request.maxOutputTokens,
            system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
            tools: [
              {
                name: REPORT_TOOL_NAME,
                description: "Report the defects found in the diff. Call exactly once; an empty list means none.",
                input_schema: toolInputSchema,
                cache_control: { type: "ephemeral" },
              },
            ],
            tool_choice: { type: "tool", name: REPORT_TOOL_NAME },
            messages: [{ role: "user", content: request.prompt }],
          },
          { signal: request.signal },
        );
      } catch (error) {
        throw new ModelCallError(describeModelError(error, attempts), { cause: error });
      }
      return readReply(message);
    },

    async explain(request: ModelRequest): Promise<ExplainReply> {
      let message: Anthropic.Messages.Message;
      try {
        message = await client.messages.create(
          {
            model: request.model,
            max_tokens: request.maxOutputTokens,
            system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
            messages: [{ role: "user", content: request.prompt }],
          },
          { signal: request.signal },
        );
      } catch (error) {
        throw new ModelCallError(describeModelError(error, attempts), { cause: error });
      }
      const text = message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n").trim();
      if (!text) throw new ModelCallError("the model gave an empty answer");
      return { text, usage: usageOf(message) };
    },
  };
}

function usageOf(message: Anthropic.Messages.Message) {
  return {
    input: message.usage?.input_tokens ?? 0,
    output: message.usage?.output_tokens ?? 0,
    cacheRead: message.usage?.cache_read_input_tokens ?? 0,
    cacheWrite: message.usage?.cache_creation_input_tokens ?? 0,
  };
}

function readReply(message: Anthropic.Messages.Message): ModelReply {
  const usage = usageOf(message);
  const truncated = message.stop_reason === "max_tokens";
  const call = message.content.find((block) => block.type === "tool_use" && block.name === REPORT_TOOL_NAME);
  if (!call || call.type !== "tool_use") {
    if (truncated) return { findings: [], usage, truncated };
    throw new ModelCallError("the model answered without using the report_findings tool");
  }
  const report = ReportSchema.safeParse(call.input);
  if (!report.success) {
    // A cut-off answer can leave the tool input incomplete; the rest of the review still stands.
    if (truncated) return { findings: [], usage, truncated };
    throw new ModelCallError("the model's report did not have a findings list");
  }
  return { findings: report.data.findings, usage, truncated };
}
