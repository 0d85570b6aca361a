import Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { ReportOutputSchema } from "../review/finding.js";
import { parseReportText } from "../review/parse-report-text.js";
import { ModelCallError, type ExplainReply, type ModelReply, type ModelRequest, type ReviewModel, type TokenUsage } from "../review/model.js";
import { describeModelError } from "./describe-model-error.js";

export interface AnthropicModelOptions {
  apiKey: string;
  baseURL?: string | undefined;
  /** Retries after the first attempt, done by the SDK with backoff on 408/409/429/5xx/529. */
  maxRetries: number;
  timeoutMs: number;
}

/** The findings report's JSON schema, with the constraints the API does not enforce moved into descriptions. */
const REPORT_FORMAT = zodOutputFormat(ReportOutputSchema);

/**
 * The reviewer model on Anthropic's Messages API. The answer is a structured output (a JSON
 * schema the API enforces), and no tool is offered at all, so the model can do nothing but
 * report findings. Forced tool use is refused by current models; structured output is not.
 * The system prompt is marked for prompt caching so every chunk after the first reads it.
 */
export function createAnthropicModel(options: AnthropicModelOptions): ReviewModel {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
  });
  const attempts = options.maxRetries + 1;
  const call = async (request: ModelRequest, structured: boolean): Promise<Anthropic.Messages.Message> => {
    try {
      return await client.messages.create(
        {
          model: request.model,
          max_tokens: request.maxOutputTokens,
          system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
          messages: [{ role: "user", content: request.prompt }],
          ...(structured ? { output_config: { format: { type: REPORT_FORMAT.type, schema: REPORT_FORMAT.schema } } } : {}),
        },
        { signal: request.signal },
      );
    } catch (error) {
      throw new ModelCallError(describeModelError(error, attempts), { cause: error });
    }
  };

  return {
    async reportFindings(request: ModelRequest): Promise<ModelReply> {
      return readReport(await call(request, true));
    },
    async explain(request: ModelRequest): Promise<ExplainReply> {
      const message = await call(request, false);
      const text = textOf(message);
      if (!text) throw new ModelCallError("the model gave an empty answer");
      return { text, usage: usageOf(message) };
    },
  };
}

function readReport(message: Anthropic.Messages.Message): ModelReply {
  const usage = usageOf(message);
  // A cut-off answer can leave the JSON incomplete; the rest of the review still stands.
  const truncated = message.stop_reason === "max_tokens";
  if (message.stop_reason === "refusal") throw new ModelCallError("the model declined to review this part");
  const report = parseReportText(textOf(message));
  if (report.ok) return { findings: report.findings, usage, truncated };
  if (truncated) return { findings: [], usage, truncated };
  throw new ModelCallError(report.reason);
}

/** The answer's text; thinking blocks, which current models may return first, are skipped. */
function textOf(message: Anthropic.Messages.Message): string {
  return message.content
    .flatMap((block) => (block.type === "text" ? [block.text] : []))
    .join("")
    .trim();
}

function usageOf(message: Anthropic.Messages.Message): TokenUsage {
  return {
    input: message.usage?.input_tokens ?? 0,
    output: message.usage?.output_tokens ?? 0,
    cacheRead: message.usage?.cache_read_input_tokens ?? 0,
    cacheWrite: message.usage?.cache_creation_input_tokens ?? 0,
  };
}
