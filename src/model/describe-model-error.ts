import Anthropic from "@anthropic-ai/sdk";

/**
 * Turns an SDK error into words for the PR and the check run. Only fixed phrases and the HTTP status
 * are used: the API's own message could echo request content, so it never reaches users.
 */
export function describeModelError(error: unknown, attempts: number): string {
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  if (error instanceof Anthropic.APIUserAbortError) return "the review was cancelled";
  if (error instanceof Anthropic.APIConnectionTimeoutError) return `model API timed out after ${tries}`;
  if (error instanceof Anthropic.APIConnectionError) return `model API could not be reached after ${tries}`;
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    if (status === 529 || error.type === "overloaded_error") return `model API overloaded after ${tries}`;
    if (status === 429) return `model API rate limit reached after ${tries}`;
    if (status === 401) return "model API rejected the API key (401): check ANTHROPIC_API_KEY";
    if (status === 403) return "model API refused access (403): check the API key's permissions";
    if (status === 404) return "model not found (404): check the configured model id";
    if (status === 413) return "request too large for the model API (413)";
    if (status === 400) {
      const text = `${error.apiMessage ?? ""}`.toLowerCase();
      if (text.includes("prompt is too long") || text.includes("context")) return "the diff chunk is too long for the model's context";
      return "model API rejected the request (400)";
    }
    if (status !== undefined && status >= 500) return `model API error ${status} after ${tries}`;
    return `model API error ${status ?? "without status"}`;
  }
  return "unexpected error while calling the model API";
}
