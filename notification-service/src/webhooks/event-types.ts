import {
  eventCancelledV1,
  eventUpdatedV1,
  registrationCancelledV1,
  registrationCheckedInV1,
  registrationConfirmedV1,
  registrationSeatsChangedV1,
  registrationWaitlistedV1,
  userDeletedV1,
  userProfileUpdatedV1,
  userRegisteredV1,
} from "@turnout/contracts";
import type { OwnerKind } from "../data/webhook-endpoints";

/** The test-send's type; every endpoint receives it whatever it subscribed to. */
export const WEBHOOK_TEST_TYPE = "turnout.webhook.test.v1";

/** Types about one event (their `data.event_id`): an organizer's endpoint gets their own. */
export const EVENT_SCOPED_DEFINITIONS = [
  eventUpdatedV1,
  eventCancelledV1,
  registrationConfirmedV1,
  registrationWaitlistedV1,
  registrationCancelledV1,
  registrationCheckedInV1,
  registrationSeatsChangedV1,
] as const;

/** Platform types: admin endpoints (without `event_id`) only. */
export const PLATFORM_DEFINITIONS = [
  userRegisteredV1,
  userProfileUpdatedV1,
  userDeletedV1,
] as const;

export const WEBHOOK_DEFINITIONS = [...EVENT_SCOPED_DEFINITIONS, ...PLATFORM_DEFINITIONS];

const ORGANIZER_TYPES: readonly string[] = EVENT_SCOPED_DEFINITIONS.map((d) => d.type);
const ADMIN_TYPES: readonly string[] = WEBHOOK_DEFINITIONS.map((d) => d.type);

/** The types an owner may subscribe to (docs/integrations.md, "What is delivered"). */
export const allowedEventTypes = (kind: OwnerKind): readonly string[] =>
  kind === "admin" ? ADMIN_TYPES : ORGANIZER_TYPES;

/** The entries of `requested` the owner may not have (`*` is always allowed). */
export const disallowedEventTypes = (kind: OwnerKind, requested: readonly string[]): string[] => {
  const allowed = allowedEventTypes(kind);
  return requested.filter((type) => type !== "*" && !allowed.includes(type));
};

/** The topics the webhook consumer reads. */
export const WEBHOOK_TOPICS = [...new Set(WEBHOOK_DEFINITIONS.map((d) => d.topic))];
