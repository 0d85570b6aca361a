import { randomUUID } from "node:crypto";
import { signWebhook } from "./sign-webhook.js";

/** Probot 14's default webhook path (`defaultWebhookPath` in probot/lib/server/server.js). */
export const WEBHOOK_PATH = "/api/github/webhooks";

export interface WebhookDelivery {
  /** Where the App listens, e.g. `http://127.0.0.1:3000`. */
  appUrl: string;
  /** The `X-GitHub-Event` name, e.g. `pull_request`. */
  event: string;
  secret: string;
  /** Serialised once here, and that exact text is what gets signed and sent. */
  payload?: unknown;
  /** Sent verbatim instead of `payload`: for malformed bodies. */
  rawBody?: string;
  /** Replaces the computed signature: for deliveries that must be refused. */
  signature?: string;
  timeoutMs?: number;
}

export interface WebhookResponse {
  status: number;
  body: string;
  deliveryId: string;
}

/** POSTs one delivery the way GitHub does: the four headers, a signed JSON body. */
export async function sendWebhook(delivery: WebhookDelivery): Promise<WebhookResponse> {
  const body = delivery.rawBody ?? JSON.stringify(delivery.payload);
  const deliveryId = randomUUID();
  const response = await fetch(new URL(WEBHOOK_PATH, delivery.appUrl), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/stand-in",
      "x-github-event": delivery.event,
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": delivery.signature ?? signWebhook(body, delivery.secret),
    },
    body,
    signal: AbortSignal.timeout(delivery.timeoutMs ?? 15_000),
  });
  return { status: response.status, body: await response.text(), deliveryId };
}
