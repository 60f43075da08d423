import {
  createEvent,
  registrationCancelledV1,
  registrationCheckedInV1,
  registrationConfirmedV1,
  registrationWaitlistedV1,
  TOPICS,
  type ConfirmationPath,
} from "@turnout/contracts";
import { enqueueEvent, getContext, type Sql } from "@turnout/kit";
import type { EventFacts } from "../domain/registration";

export const EVENT_SOURCE = "/turnout/registration-service";

/** Who and what one message is about. */
export interface RegistrationRef {
  id: string;
  eventId: string;
  userId: string;
}

// Each publisher writes to the outbox inside the caller's transaction, so the message exists
// exactly when the state change it announces was committed.

const eventFields = (event: EventFacts) => ({
  title: event.title,
  starts_at: event.startsAt.toISOString(),
  ends_at: event.endsAt.toISOString(),
  timezone: event.timezone,
  location: event.location,
});

const ids = (registration: RegistrationRef) => ({
  registration_id: registration.id,
  event_id: registration.eventId,
  user_id: registration.userId,
});

const envelope = (time: Date) => {
  const traceparent = getContext()?.traceparent;
  return { source: EVENT_SOURCE, time, ...(traceparent === undefined ? {} : { traceparent }) };
};

export async function publishConfirmed(
  tx: Sql,
  schema: string,
  registration: RegistrationRef,
  event: EventFacts,
  via: ConfirmationPath,
  at: Date,
): Promise<void> {
  const message = createEvent(registrationConfirmedV1, {
    ...envelope(at),
    data: {
      ...ids(registration),
      confirmed_at: at.toISOString(),
      ...eventFields(event),
      confirmed_via: via,
    },
  });
  await enqueueEvent(tx, schema, TOPICS.registrationConfirmed, message);
}

export async function publishWaitlisted(
  tx: Sql,
  schema: string,
  registration: RegistrationRef,
  event: EventFacts,
  position: number,
  at: Date,
): Promise<void> {
  const message = createEvent(registrationWaitlistedV1, {
    ...envelope(at),
    data: {
      ...ids(registration),
      waitlist_position: position,
      waitlisted_at: at.toISOString(),
      ...eventFields(event),
    },
  });
  await enqueueEvent(tx, schema, TOPICS.registrationWaitlisted, message);
}

export async function publishCancelled(
  tx: Sql,
  schema: string,
  registration: RegistrationRef,
  event: EventFacts,
  ending: { previousStatus: string; reason: string },
  at: Date,
): Promise<void> {
  const message = createEvent(registrationCancelledV1, {
    ...envelope(at),
    data: {
      ...ids(registration),
      previous_status: ending.previousStatus,
      reason: ending.reason,
      cancelled_at: at.toISOString(),
      ...eventFields(event),
    },
  });
  await enqueueEvent(tx, schema, TOPICS.registrationCancelled, message);
}

export async function publishCheckedIn(
  tx: Sql,
  schema: string,
  registration: RegistrationRef,
  event: EventFacts,
  at: Date,
): Promise<void> {
  const message = createEvent(registrationCheckedInV1, {
    ...envelope(at),
    data: { ...ids(registration), checked_in_at: at.toISOString(), ...eventFields(event) },
  });
  await enqueueEvent(tx, schema, TOPICS.registrationCheckedIn, message);
}
