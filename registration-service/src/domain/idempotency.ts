import { createHash } from "node:crypto";
import type { IdempotencyRecord } from "../data/idempotency-keys";
import type { RegistrationDeps } from "./deps";
import { idempotencyKeyInProgress, idempotencyKeyReused } from "./errors";
import type { RegistrationView } from "./registration-view";
import type { BookingInput } from "./sign-up";

/** What a replay answers: the first request's status and body, unchanged. */
export interface StoredReply {
  status: number;
  registration: RegistrationView;
}

/** JSON with every object's keys sorted, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, item]) => `${JSON.stringify(k)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Identifies the request a key was first used with (same key, other body → 422): the whole
 * booking. A body of only `{event_id}` hashes as it did before bookings.
 */
export const signUpRequestHash = (booking: BookingInput): string =>
  createHash("sha256")
    .update(
      `POST /api/v1/registrations\n${canonical({
        event_id: booking.eventId,
        ticket_type_id: booking.ticketTypeId,
        quantity: booking.quantity,
        access_code: booking.accessCode,
        answers: booking.answers,
        attendees: booking.attendees,
      })}`,
    )
    .digest("hex");

const POLL_MS = 100;

/**
 * The reply stored for a key, waiting (up to the configured bound) while the first request with
 * it is still settling. Null when that request dropped its attempt (it answered an error, and
 * its key went with the attempt), so this one may start afresh.
 */
export async function storedReply(
  deps: RegistrationDeps,
  userId: string,
  key: string,
  first: IdempotencyRecord,
  requestHash: string,
): Promise<StoredReply | null> {
  if (first.requestHash !== requestHash) throw idempotencyKeyReused();
  const deadline = Date.now() + deps.settings.idempotencyWaitMs;
  let record: IdempotencyRecord | null = first;
  while (record) {
    if (record.requestHash !== requestHash) throw idempotencyKeyReused();
    if (record.response) {
      return {
        status: record.response.status,
        registration: record.response.body as RegistrationView,
      };
    }
    if (Date.now() >= deadline) throw idempotencyKeyInProgress();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    record = await deps.data.repos.idempotencyKeys.find(userId, key);
  }
  return null;
}
