import type { PurgeJob } from "@turnout/kit";
import type { RetentionSettings } from "../config";
import type { ServiceDatabase } from "../data/database";

/**
 * What the notification service forgets, and when (README, "Retention"): settled outbound mail
 * and settled webhook deliveries (with their payloads and attempts).
 * Its row is also what stops a redelivered event from mailing twice, so it is kept at least as
 * long as the consumer remembers applied events. The inbox is the user's and stays.
 */
export function notificationPurgeJobs(deps: {
  data: ServiceDatabase;
  retention: RetentionSettings;
}): PurgeJob[] {
  const { expiredRows } = deps.data.repos;
  const { retention } = deps;
  const mailSeconds = Math.max(retention.mailSeconds, retention.processedEventsSeconds);
  return [
    { name: "outbound_mail", purgeBatch: (limit) => expiredRows.settledMail(mailSeconds, limit) },
    {
      name: "webhook_deliveries",
      purgeBatch: (limit) =>
        expiredRows.settledWebhookDeliveries(retention.webhookDeliverySeconds, limit),
    },
  ];
}
