import { createHmac } from "node:crypto";

/**
 * The `X-Hub-Signature-256` value GitHub sends with a delivery: an HMAC-SHA256 of the exact bytes
 * of the body, keyed with the webhook secret. Sign the string that is sent, never a re-serialised
 * object: one changed space breaks the signature.
 */
export function signWebhook(rawBody: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}
