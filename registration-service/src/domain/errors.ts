import { conflict, forbidden, notFound, serviceUnavailable, unprocessable } from "@turnout/kit";

// The stable codes clients switch on (listed in the service README).

export const registrationNotFound = () =>
  notFound("registration_not_found", "No such registration.");

export const eventNotFound = () => notFound("event_not_found", "No such event.");

export const eventNotOpen = () =>
  unprocessable("event_not_open", "The event is cancelled or has already started.");

export const alreadyRegistered = () =>
  conflict("already_registered", "You are already registered for this event.");

export const alreadyCancelled = () =>
  conflict("already_cancelled", "The registration is already cancelled.");

export const alreadyCheckedIn = () =>
  conflict("already_checked_in", "The attendee is already checked in.");

export const invalidState = (status: string) =>
  conflict("invalid_state", `This cannot be done to a registration that is ${status}.`);

export const notAllowed = () =>
  forbidden("forbidden", "Only the event's organizer or an admin may do this.");

export const ledgerUnavailable = (cause?: unknown) =>
  serviceUnavailable("ledger_unavailable", "Seats cannot be reserved right now; retry later.", {
    headers: { "Retry-After": "5" },
    cause,
  });

export const eventServiceUnavailable = (cause?: unknown) =>
  serviceUnavailable("event_service_unavailable", "Events cannot be read right now; retry later.", {
    headers: { "Retry-After": "5" },
    cause,
  });

export const idempotencyKeyReused = () =>
  unprocessable(
    "idempotency_key_reused",
    "This Idempotency-Key was used with a different request body.",
  );

export const idempotencyKeyInProgress = () =>
  conflict(
    "idempotency_key_in_progress",
    "The first request with this Idempotency-Key is still being processed; retry shortly.",
    { headers: { "Retry-After": "1" } },
  );
