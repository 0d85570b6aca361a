import { PROVIDER_LABELS, type ProviderSettings } from "../config/provider-env.js";
import type { ReviewModel } from "../review/model.js";
import { createAnthropicModel } from "./anthropic-model.js";
import { createBedrockModel } from "./bedrock-model.js";
import { providerModelId } from "./provider-model-ids.js";
import { createVertexModel, loadGoogleCredentials } from "./vertex-model.js";

export interface ModelTuning {
  maxRetries: number;
  timeoutMs: number;
}

/**
 * The reviewer model on the configured provider. Rejects, with words naming the variable to fix,
 * when the provider's credentials cannot be loaded (Vertex AI loads them now; AWS resolves its
 * chain per call, so its problems show on the first call).
 */
export async function createReviewModel(settings: ProviderSettings, tuning: ModelTuning): Promise<ReviewModel> {
  switch (settings.provider) {
    case "anthropic":
      return createAnthropicModel({ apiKey: settings.apiKey, baseURL: settings.baseURL, structuredOutput: settings.structuredOutput, ...tuning });
    case "bedrock":
      return createBedrockModel(settings, tuning);
    case "vertex":
      return createVertexModel(settings, await loadGoogleCredentials(settings), tuning);
  }
}

/**
 * For the start-up log and the CLI: which model, as which id, where, with which credentials, e.g.
 * "claude-sonnet-5-5 (as global.anthropic.claude-sonnet-5-5) on Amazon Bedrock in us-east-1,
 * credentials from AWS_PROFILE". Names variables, never their secret values.
 */
export function describeProvider(settings: ProviderSettings, model: string): string {
  const id = providerModelId(settings.provider, model);
  const which = id === model ? model : `${model} (as ${id})`;
  const output = settings.structuredOutput ? "" : "; the report is asked for as JSON in the prompt";
  switch (settings.provider) {
    case "anthropic":
      return `${which} on the ${PROVIDER_LABELS.anthropic}${settings.baseURL ? " at ANTHROPIC_BASE_URL" : ""}${output}`;
    case "bedrock":
      return `${which} on ${PROVIDER_LABELS.bedrock} in ${settings.region}, credentials from ${settings.credentialSource}${output}`;
    case "vertex":
      return `${which} on ${PROVIDER_LABELS.vertex} in ${settings.region} for project ${settings.projectId}, credentials from ${settings.credentialSource}${output}`;
  }
}
