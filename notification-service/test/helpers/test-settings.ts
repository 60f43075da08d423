import type { NotificationSettings, WebhookSettings } from "../../src/config";

export const PUBLIC_URL = "http://turnout.test";
export const MAIL_FROM = '"Turnout" <no-reply@turnout.test>';

/**
 * The service's settings in tests: quick polls and retries (a test's mail waits at most a second
 * after an outage ends). Every instance sharing the tables uses the same mail identity.
 */
export function testSettings(
  smtpUrl = "smtp://127.0.0.1:1",
  heartbeatMs = 15_000,
): NotificationSettings {
  return {
    publicUrl: PUBLIC_URL,
    heartbeatMs,
    maxStreamsPerUser: 5,
    mail: {
      smtpUrl,
      smtpTimeoutMs: 5_000,
      from: MAIL_FROM,
      messageIdDomain: "turnout.test",
      pollMs: 200,
      retryBaseMs: 200,
      retryMaxMs: 1_000,
      maxAttempts: 50,
      concurrency: 2,
    },
  };
}

/** Webhooks in tests: a receiver on loopback, short retries, quick polls. */
export function testWebhookSettings(): WebhookSettings {
  return {
    allowedCidrs: ["127.0.0.1/32", "::1/128"],
    allowHttp: true,
    timeoutMs: 2_000,
    maxResponseBytes: 65_536,
    retrySchedule: [200, 400],
    concurrency: 8,
    pollMs: 100,
    disableAfterMs: 5 * 86_400_000,
    maxEndpointsPerOwner: 20,
    retentionDays: 30,
  };
}
