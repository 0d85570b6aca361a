import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { describeModelError } from "../../src/model/describe-model-error.js";

const statusError = (status: number, body: object) => Anthropic.APIError.generate(status, body, undefined, new Headers());

describe("describeModelError on another provider", () => {
  it.each([
    ["bedrock", "Failed to resolve AWS credentials from the credential provider chain.", "no AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or AWS_BEARER_TOKEN_BEDROCK, or run with an IAM role"],
    ["vertex", "Failed to acquire Google OAuth credentials.", "no Google credentials were found: set GOOGLE_APPLICATION_CREDENTIALS to a key file, run `gcloud auth application-default login`, or run with a service account on Google Cloud"],
  ] as const)("%s: names the variables when the SDK cannot get credentials", (provider, message, words) => {
    expect(describeModelError(new Anthropic.APIConnectionError({ message }), { attempts: 3, provider })).toBe(words);
  });

  it("keeps an unreachable endpoint apart from missing credentials", () => {
    expect(describeModelError(new Anthropic.APIConnectionError({ message: "Connection error." }), { attempts: 3, provider: "bedrock" })).toBe(
      "model API could not be reached after 3 attempts",
    );
  });

  it("reads Bedrock's top-level message: an input too long is the chunk's length, not a bad request", () => {
    const error = statusError(400, { message: "Input is too long for requested model." });
    expect(describeModelError(error, { attempts: 1, provider: "bedrock", structured: true })).toBe("the diff chunk is too long for the model's context");
  });

  it("points at BACKEND_REVIEW_STRUCTURED_OUTPUT only for a structured request off Anthropic's API", () => {
    const error = statusError(400, { error: { code: 400, message: "feature not allowed", status: "INVALID_ARGUMENT" } });
    expect(describeModelError(error, { attempts: 1, provider: "vertex", structured: true })).toMatch(/set BACKEND_REVIEW_STRUCTURED_OUTPUT=off$/);
    expect(describeModelError(error, { attempts: 1, provider: "vertex", structured: false })).toBe("model API rejected the request (400)");
    expect(describeModelError(error, { attempts: 1, provider: "anthropic", structured: true })).toBe("model API rejected the request (400)");
  });

  it.each([
    ["anthropic", 401, "model API rejected the API key (401): check ANTHROPIC_API_KEY"],
    ["vertex", 401, "Vertex AI rejected the credentials (401): check GOOGLE_APPLICATION_CREDENTIALS or the application default credentials"],
    ["vertex", 404, "model not found (404): check the configured model id, and that it is served in this region"],
    ["anthropic", 404, "model not found (404): check the configured model id"],
  ] as const)("%s %i: says what to check", (provider, status, words) => {
    expect(describeModelError(statusError(status, {}), { attempts: 1, provider })).toBe(words);
  });
});
