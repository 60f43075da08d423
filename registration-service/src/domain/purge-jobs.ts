import type { PurgeJob } from "@turnout/kit";
import type { RetentionSettings } from "../config";
import type { ServiceDatabase } from "../data/database";

/**
 * What the registration service forgets, and when (README, "Retention"): an idempotency key
 * after its documented lifetime. Registrations, the event copies and the waitlist are the
 * service's records and stay.
 */
export function registrationPurgeJobs(deps: {
  data: ServiceDatabase;
  retention: RetentionSettings;
}): PurgeJob[] {
  const { expiredRows } = deps.data.repos;
  const { retention } = deps;
  return [
    {
      name: "idempotency_keys",
      purgeBatch: (limit) => expiredRows.idempotencyKeys(retention.idempotencyKeySeconds, limit),
    },
  ];
}
