/**
 * What the Bedrock and Vertex AI stand-ins share: both carry the Messages API body with the model
 * in the URL instead of the body and `anthropic_version` in the body instead of a header, and
 * answer it as Anthropic's API does. The reviewer behind them is the Anthropic stand-in's.
 */
import type { IncomingHttpHeaders } from "node:http";
import { answerCall, type Answer, type MessagesRequest } from "./anthropic-stand-in.js";

/** One request as a test wants to see it: the route, the auth headers (shape only) and the body. */
export interface CloudCall {
  method: string;
  path: string;
  /** The model id as it stood in the URL, decoded. */
  modelId?: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
  status: number;
}

export interface CloudAnswerOptions {
  /** The API version the platform takes in the body. */
  apiVersion: string;
  /** "refuse" answers output_config with 400, as a Vertex AI project whose policy turned structured outputs off. */
  structuredOutput?: "accept" | "refuse";
  /** Without output_config, answer the JSON inside a Markdown fence, as a model asked in prose may. */
  fenceUnstructured?: boolean;
}

export type CloudAnswer = { status: number; body: unknown };

/**
 * The body checks both platforms make, then the scripted review. `error` builds the platform's
 * own error body (Bedrock `{ message }`, Google `{ error: { code, message, status } }`).
 */
export function answerCloudCall(
  modelId: string,
  json: unknown,
  options: CloudAnswerOptions,
  cachedPrefixes: Set<string>,
  error: (status: number, message: string) => unknown,
): CloudAnswer {
  const body = isObject(json) ? json : undefined;
  if (!body) return { status: 400, body: error(400, "the request body must be a JSON object") };
  if (body.anthropic_version !== options.apiVersion) {
    return { status: 400, body: error(400, `anthropic_version must be "${options.apiVersion}" in the body`) };
  }
  if ("model" in body) return { status: 400, body: error(400, "extraneous key [model] is not permitted: the model is named in the URL") };
  const structured = body.output_config !== undefined;
  if (structured && options.structuredOutput === "refuse") {
    return { status: 400, body: error(400, "structured outputs are not enabled for this model in this project") };
  }
  // Unstructured calls ask for the same JSON in the system prompt; the stand-in answers it alike.
  const request: MessagesRequest = { ...body, model: modelId, output_config: body.output_config ?? { format: { type: "json_schema" } } };
  const answer: Answer = answerCall(request, cachedPrefixes);
  if (answer.cachePrefix !== undefined) cachedPrefixes.add(answer.cachePrefix);
  if (answer.status !== 200 || structured || !options.fenceUnstructured) return { status: answer.status, body: answer.body };
  const message = answer.body as { content: { type: string; text: string }[] };
  const text = message.content[0]?.text ?? "";
  return { status: 200, body: { ...message, content: [{ type: "text", text: `Here is the report.\n\n\`\`\`json\n${text}\n\`\`\`` }] } };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
