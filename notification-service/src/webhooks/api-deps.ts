import type { WebhookSettings } from "../config";
import type { SecretBox } from "./secret-box";

/** What the webhook routes need besides the data layer. */
export interface WebhookApiDeps {
  settings: WebhookSettings;
  secrets: SecretBox;
  /** The outbound address guard (`outbound/checkDestination` with the configured ranges). */
  checkUrl: (url: string) => Promise<{ ok: true } | { ok: false; reason: string }>;
}
