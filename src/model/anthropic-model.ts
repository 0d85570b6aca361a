import Anthropic from "@anthropic-ai/sdk";
import type { ReviewModel } from "../review/model.js";
import { createMessagesModel } from "./messages-model.js";

export interface AnthropicModelOptions {
  apiKey: string;
  baseURL?: string | undefined;
  /** Retries after the first attempt, done by the SDK with backoff on 408/409/429/5xx/529. */
  maxRetries: number;
  timeoutMs: number;
  /** On unless BACKEND_REVIEW_STRUCTURED_OUTPUT=off. */
  structuredOutput?: boolean | undefined;
}

/** The reviewer model on Anthropic's own Messages API. */
export function createAnthropicModel(options: AnthropicModelOptions): ReviewModel {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
  });
  return createMessagesModel({ client, provider: "anthropic", maxRetries: options.maxRetries, structuredOutput: options.structuredOutput ?? true });
}
