import { AnthropicVertex } from "@anthropic-ai/vertex-sdk";
// google-auth-library is the Vertex SDK's own dependency, used here to load credentials at start-up.
import { GoogleAuth, type AuthClient } from "google-auth-library";
import type { ProviderSettings } from "../config/provider-env.js";
import type { ReviewModel } from "../review/model.js";
import { createMessagesModel } from "./messages-model.js";

export type VertexSettings = Extract<ProviderSettings, { provider: "vertex" }>;

/** Vertex AI takes `anthropic_version` in the body, and "vertex-2023-10-16" there (Anthropic's Vertex AI page). */
export const VERTEX_API_VERSION = "vertex-2023-10-16";

const SCOPE = "https://www.googleapis.com/auth/cloud-platform";

export class VertexCredentialsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VertexCredentialsError";
  }
}

/**
 * Loads the Google credentials now, so a process without them stops at start-up with their name
 * instead of failing every review: the key file GOOGLE_APPLICATION_CREDENTIALS names (service
 * account, workload identity federation…), else application default credentials (gcloud's file,
 * or the metadata server on Google Cloud). Tokens are then fetched and refreshed per call.
 */
export async function loadGoogleCredentials(settings: VertexSettings): Promise<AuthClient> {
  const auth = new GoogleAuth({ scopes: SCOPE, ...(settings.credentialsFile ? { keyFilename: settings.credentialsFile } : {}) });
  try {
    return await auth.getClient();
  } catch (error) {
    throw new VertexCredentialsError(
      settings.credentialsFile
        ? "GOOGLE_APPLICATION_CREDENTIALS does not name a readable Google credentials file (a service account key or an external account configuration)"
        : "no Google credentials were found: set GOOGLE_APPLICATION_CREDENTIALS to a key file, run `gcloud auth application-default login`, or run with a service account on Google Cloud",
      { cause: error },
    );
  }
}

/**
 * The reviewer model on Google Vertex AI (`…/publishers/anthropic/models/{model}:rawPredict`),
 * through Anthropic's Vertex SDK, authorised by `authClient` (from loadGoogleCredentials, or a
 * test's own).
 */
export function createVertexModel(settings: VertexSettings, authClient: AuthClient, tuning: { maxRetries: number; timeoutMs: number }): ReviewModel {
  const client = new AnthropicVertex({
    region: settings.region,
    projectId: settings.projectId,
    authClient,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    maxRetries: tuning.maxRetries,
    timeout: tuning.timeoutMs,
  });
  return createMessagesModel({
    client,
    provider: "vertex",
    maxRetries: tuning.maxRetries,
    structuredOutput: settings.structuredOutput,
    apiVersion: VERTEX_API_VERSION,
  });
}
