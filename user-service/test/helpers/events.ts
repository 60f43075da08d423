import { randomUUID } from "node:crypto";
import {
  createEvent,
  registrationCancelledV1,
  registrationCheckedInV1,
  type EventOf,
} from "@turnout/contracts";
import { testKafka } from "@turnout/test-kit";

/** Publishes envelopes as their producers' relays do: keyed by subject, JSON value. */
export async function publish(
  topic: string,
  events: readonly { subject: string }[],
): Promise<void> {
  const producer = testKafka("users-test-producer").producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: events.map((event) => ({ key: event.subject, value: JSON.stringify(event) })),
    });
  } finally {
    await producer.disconnect();
  }
}

const snapshot = {
  title: "Test Event",
  starts_at: "2030-05-01T18:00:00.000Z",
  ends_at: "2030-05-01T21:00:00.000Z",
  timezone: "Europe/Berlin",
  location: "Test Hall",
};

// A type alias (not an interface) so it spreads into the contracts' loose data types.
type Ids = {
  user_id: string;
  event_id: string;
  registration_id: string;
};

export const registrationCancelledEvent = (
  ids: Ids,
  cancelledAt: string,
): EventOf<typeof registrationCancelledV1> =>
  createEvent(registrationCancelledV1, {
    source: "/turnout/registration-service",
    data: {
      ...ids,
      ...snapshot,
      previous_status: "confirmed",
      reason: "attendee_cancelled",
      cancelled_at: cancelledAt,
    },
  });

export const registrationCheckedInEvent = (
  ids: Ids,
  checkedInAt: string,
): EventOf<typeof registrationCheckedInV1> =>
  createEvent(registrationCheckedInV1, {
    source: "/turnout/registration-service",
    data: { ...ids, ...snapshot, checked_in_at: checkedInAt },
  });

export const newIds = (userId: string): Ids => ({
  user_id: userId,
  event_id: randomUUID(),
  registration_id: randomUUID(),
});
