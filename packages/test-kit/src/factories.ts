import { randomUUID } from "node:crypto";
import {
  createEvent,
  registrationConfirmedV1,
  userRegisteredV1,
  type EventDataInputOf,
  type EventOf,
} from "@turnout/contracts";
import { uniqueEmail, uniqueUsername } from "./unique";

type UserRegisteredData = EventDataInputOf<typeof userRegisteredV1>;
type RegistrationConfirmedData = EventDataInputOf<typeof registrationConfirmedV1>;

/** A valid `user-registered` v1 event for a fresh user; override any data field. */
export function userRegisteredEvent(
  data: Partial<UserRegisteredData> = {},
): EventOf<typeof userRegisteredV1> {
  return createEvent(userRegisteredV1, {
    source: "/turnout/auth-service",
    data: {
      user_id: randomUUID(),
      email: uniqueEmail(),
      username: uniqueUsername(),
      display_name: "Test User",
      roles: ["attendee"],
      email_verified: false,
      registered_at: new Date().toISOString(),
      ...data,
    },
  });
}

/** A valid `registration-confirmed` v1 event for a fresh registration; override any data field. */
export function registrationConfirmedEvent(
  data: Partial<RegistrationConfirmedData> = {},
): EventOf<typeof registrationConfirmedV1> {
  const startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  return createEvent(registrationConfirmedV1, {
    source: "/turnout/registration-service",
    data: {
      registration_id: randomUUID(),
      event_id: randomUUID(),
      user_id: randomUUID(),
      confirmed_at: new Date().toISOString(),
      title: "Test Event",
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 2 * 3600 * 1000).toISOString(),
      timezone: "Europe/Berlin",
      location: "Test Hall, Berlin",
      ...data,
    },
  });
}
