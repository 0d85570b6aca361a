import Anthropic from "@anthropic-ai/sdk";
import type { Provider } from "../config/provider-env.js";

/** What the words depend on besides the error: where the model runs and how the answer was asked for. */
export interface ErrorContext {
  attempts: number;
  provider?: Provider | undefined;
  /** The request asked for structured output (output_config), which an organisation may switch off. */
  structured?: boolean | undefined;
}

const CREDENTIALS: Readonly<Record<Provider, { rejected: string; refused: string; missing: string }>> = {
  anthropic: {
    rejected: "model API rejected the API key (401): check ANTHROPIC_API_KEY",
    refused: "model API refused access (403): check the API key's permissions",
    missing: "model API credentials could not be read",
  },
  bedrock: {
    rejected: "Amazon Bedrock rejected the credentials (401): check AWS_BEARER_TOKEN_BEDROCK or the AWS keys",
    refused: "Amazon Bedrock refused access (403): check the AWS credentials, and that their IAM identity may call bedrock:InvokeModel on this model in AWS_REGION",
    missing: "no AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or AWS_BEARER_TOKEN_BEDROCK, or run with an IAM role",
  },
  vertex: {
    rejected: "Vertex AI rejected the credentials (401): check GOOGLE_APPLICATION_CREDENTIALS or the application default credentials",
    refused: "Vertex AI refused access (403): check that the credentials' identity may use Vertex AI in the project, and that the model is enabled there",
    missing: "no Google credentials were found: set GOOGLE_APPLICATION_CREDENTIALS to a key file, run `gcloud auth application-default login`, or run with a service account on Google Cloud",
  },
};

/**
 * Turns an SDK error into words for the PR and the check run. Only fixed phrases and the HTTP status
 * are used: the API's own message could echo request content, so it never reaches users.
 */
export function describeModelError(error: unknown, context: ErrorContext): string {
  const { attempts, provider = "anthropic" } = context;
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  const words = CREDENTIALS[provider];
  if (error instanceof Anthropic.APIUserAbortError) return "the review was cancelled";
  if (error instanceof Anthropic.APIConnectionTimeoutError) return `model API timed out after ${tries}`;
  // The cloud SDKs fetch credentials inside the request and report a failure as a connection error.
  if (error instanceof Anthropic.APIConnectionError && /credentials/i.test(error.message)) return words.missing;
  if (error instanceof Anthropic.APIConnectionError) return `model API could not be reached after ${tries}`;
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    if (status === 529 || error.type === "overloaded_error") return `model API overloaded after ${tries}`;
    if (status === 429) return `model API rate limit reached after ${tries}`;
    if (status === 401) return words.rejected;
    if (status === 403) return words.refused;
    if (status === 404) return provider === "anthropic" ? "model not found (404): check the configured model id" : "model not found (404): check the configured model id, and that it is served in this region";
    if (status === 413) return "request too large for the model API (413)";
    if (status === 400) {
      // Anthropic and Vertex put the message in error.message; Bedrock in a top-level message.
      const body = error.error as { message?: unknown } | undefined;
      const text = `${error.apiMessage ?? (typeof body?.message === "string" ? body.message : "")}`.toLowerCase();
      if (/(prompt|input) is too long|context/.test(text)) return "the diff chunk is too long for the model's context";
      if (context.structured && provider !== "anthropic") {
        return "model API rejected the request (400); if structured outputs are not enabled for this model or project, set BACKEND_REVIEW_STRUCTURED_OUTPUT=off";
      }
      return "model API rejected the request (400)";
    }
    if (status !== undefined && status >= 500) return `model API error ${status} after ${tries}`;
    return `model API error ${status ?? "without status"}`;
  }
  return "unexpected error while calling the model API";
}
