import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";
import type { ProviderSettings } from "../config/provider-env.js";
import type { ReviewModel } from "../review/model.js";
import { createMessagesModel } from "./messages-model.js";

export type BedrockSettings = Extract<ProviderSettings, { provider: "bedrock" }>;

/*
 * Bedrock's InvokeModel takes `anthropic_version` in the body and only "bedrock-2023-05-31" there:
 * Anthropic's Bedrock page warns that the SDK's own default (its header version, 2026-10-21) is
 * refused with a 400 by the ARN-versioned models, and that a body that sets the version is not.
 */
export const BEDROCK_API_VERSION = "bedrock-2023-05-31";

/**
 * The reviewer model on Amazon Bedrock (InvokeModel, `POST /model/{modelId}/invoke`), through
 * Anthropic's Bedrock SDK. A Bedrock API key is sent as a bearer token; otherwise requests are
 * signed with SigV4, with the static keys when given and else the AWS credential chain (profile,
 * web identity, container or instance role), resolved by the SDK on each call.
 */
export function createBedrockModel(settings: BedrockSettings, tuning: { maxRetries: number; timeoutMs: number }): ReviewModel {
  const common = {
    awsRegion: settings.region,
    // null, not undefined: the SDK would otherwise read AWS_BEARER_TOKEN_BEDROCK from process.env itself.
    apiKey: settings.bearerToken ?? null,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    maxRetries: tuning.maxRetries,
    timeout: tuning.timeoutMs,
  };
  const client =
    settings.accessKeyId && settings.secretAccessKey
      ? new AnthropicBedrock({ ...common, awsAccessKey: settings.accessKeyId, awsSecretKey: settings.secretAccessKey, awsSessionToken: settings.sessionToken ?? null })
      : new AnthropicBedrock(common);
  return createMessagesModel({
    client,
    provider: "bedrock",
    maxRetries: tuning.maxRetries,
    structuredOutput: settings.structuredOutput,
    apiVersion: BEDROCK_API_VERSION,
  });
}
