import {
  cleanDisplayName,
  type EventDataOf,
  type userDeletedV1,
  type userProfileUpdatedV1,
  type userRegisteredV1,
} from "@turnout/contracts";
import type { PeopleRepository } from "../data/people";

// The copy of accounts that names people on attendee lists (docs/booking-model.md, "Attendee
// lists that name people"). Applied in the consumer's unit of work, once per event id; `at` is
// the message's time, which orders the writes (data/people.ts). A name is kept by the one
// display-name rule: one that breaks it is cleaned or dropped, never a reason to fail the event.

interface PeopleTx {
  people: PeopleRepository;
}

export async function applyUserRegistered(
  tx: PeopleTx,
  data: EventDataOf<typeof userRegisteredV1>,
  at: string,
): Promise<void> {
  await tx.people.saveRegistered({
    userId: data.user_id,
    email: data.email,
    displayName: cleanDisplayName(data.display_name),
    at,
  });
}

export async function applyProfileUpdated(
  tx: PeopleTx,
  data: EventDataOf<typeof userProfileUpdatedV1>,
  at: string,
): Promise<void> {
  await tx.people.saveDisplayName({
    userId: data.user_id,
    displayName: cleanDisplayName(data.display_name),
    at,
  });
}

/** The list then shows no name or email for the account's registrations. */
export async function applyUserDeleted(
  tx: PeopleTx,
  data: EventDataOf<typeof userDeletedV1>,
): Promise<void> {
  await tx.people.forget(data.user_id);
}
