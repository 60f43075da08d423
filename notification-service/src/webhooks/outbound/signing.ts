import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** The Standard Webhooks secret prefix; the rest is base64 of the HMAC key. */
const SECRET_PREFIX = "whsec_";

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes (a 256-bit HMAC-SHA256 key). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/**
 * The Standard Webhooks headers of one attempt. With two secrets (a rotation's grace period)
 * `webhook-signature` carries one `v1,<sig>` per secret, space separated, so a receiver holding
 * either one verifies.
 */
export function signatureHeaders(
  secrets: readonly string[],
  messageId: string,
  timestamp: Date,
  body: string,
): Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string> {
  if (secrets.length === 0) throw new TypeError("a webhook needs at least one secret to sign");
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": secrets
      .map((secret) => new Webhook(secret).sign(messageId, timestamp, body))
      .join(" "),
  };
}
