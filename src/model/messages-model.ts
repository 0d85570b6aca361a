import type Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type { Provider } from "../config/provider-env.js";
import { ReportOutputSchema } from "../review/finding.js";
import { parseReportText } from "../review/parse-report-text.js";
import { ModelCallError, type ExplainReply, type ModelReply, type ModelRequest, type ReviewModel, type TokenUsage } from "../review/model.js";
import { describeModelError } from "./describe-model-error.js";
import { providerModelId } from "./provider-model-ids.js";

/** What the adapter needs of a client: Anthropic, AnthropicBedrock and AnthropicVertex all have it. */
export interface MessagesClient {
  messages: Pick<Anthropic.Messages, "create">;
}

export interface MessagesModelOptions {
  client: MessagesClient;
  provider: Provider;
  /** Retries the client makes after the first attempt, for the words of an error. */
  maxRetries: number;
  /**
   * Ask for the report as structured output (output_config, a JSON schema the API enforces). When
   * off, the schema is given in the system prompt and the JSON is read from the answer's text.
   */
  structuredOutput: boolean;
  /**
   * The API version the cloud platforms expect in the body. Their SDKs move the anthropic-version
   * header into the body as anthropic_version; without it they would send the first-party version.
   */
  apiVersion?: string | undefined;
}

/** The findings report's JSON schema, with the constraints the API does not enforce moved into descriptions. */
const REPORT_FORMAT = zodOutputFormat(ReportOutputSchema);

const JSON_INSTRUCTION = [
  "Answer with the findings report only: one JSON object, no prose and no Markdown fence around it,",
  "valid against this JSON Schema:",
  JSON.stringify(REPORT_FORMAT.schema),
].join("\n");

/**
 * The reviewer model over the Messages API, whichever platform serves it: the request and the
 * answer have the same shape on all three, only the client (auth, URL, model id) differs. No tool
 * is offered, so the model can do nothing but report findings; forced tool use is refused by
 * current models, structured output is not. The system prompt is marked for prompt caching so
 * every chunk after the first reads it.
 */
export function createMessagesModel(options: MessagesModelOptions): ReviewModel {
  const { client, provider, structuredOutput } = options;
  const attempts = options.maxRetries + 1;
  const headers = options.apiVersion === undefined ? undefined : { "anthropic-version": options.apiVersion };

  const call = async (request: ModelRequest, report: boolean): Promise<Anthropic.Messages.Message> => {
    const structured = report && structuredOutput;
    const systemText = report && !structuredOutput ? [request.system, JSON_INSTRUCTION] : [request.system];
    // The cache breakpoint goes on the last system block, so the whole stable prefix is cached.
    const system = systemText.map((text, index): Anthropic.Messages.TextBlockParam =>
      index === systemText.length - 1 ? { type: "text", text, cache_control: { type: "ephemeral" } } : { type: "text", text },
    );
    try {
      return await client.messages.create(
        {
          model: providerModelId(provider, request.model),
          max_tokens: request.maxOutputTokens,
          system,
          messages: [{ role: "user", content: request.prompt }],
          ...(structured ? { output_config: { format: { type: REPORT_FORMAT.type, schema: REPORT_FORMAT.schema } } } : {}),
        },
        { signal: request.signal, ...(headers ? { headers } : {}) },
      );
    } catch (error) {
      throw new ModelCallError(describeModelError(error, { attempts, provider, structured }), { cause: error });
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
