import type { PurgeJob } from "@turnout/kit";
import type { RetentionSettings } from "../config";
import type { ServiceDatabase } from "../data/database";

/**
 * What the auth service forgets, and when (README, "Retention"). A spent or revoked refresh
 * token is kept until well after its expiry: presenting a spent token revokes its whole family,
 * and that must work for as long as the token could be presented at all.
 */
export function authPurgeJobs(deps: {
  data: ServiceDatabase;
  retention: RetentionSettings;
}): PurgeJob[] {
  const { expiredRows } = deps.data.repos;
  const { retention } = deps;
  return [
    {
      name: "refresh_tokens",
      purgeBatch: (limit) => expiredRows.refreshTokens(retention.refreshTokenSeconds, limit),
    },
    {
      name: "one_time_tokens",
      purgeBatch: (limit) => expiredRows.oneTimeTokens(retention.oneTimeTokenSeconds, limit),
    },
    {
      name: "login_throttle",
      // Never before the throttle window has ended, whatever the setting says.
      purgeBatch: (limit) =>
        expiredRows.loginThrottle(
          Math.max(retention.loginThrottleSeconds, retention.throttleWindowSeconds),
          limit,
        ),
    },
    {
      name: "api_tokens",
      purgeBatch: (limit) => expiredRows.apiTokens(retention.apiTokenSeconds, limit),
    },
  ];
}
