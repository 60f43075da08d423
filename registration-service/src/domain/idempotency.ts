import { createHash } from "node:crypto";
import type { IdempotencyRecord } from "../data/idempotency-keys";
import type { RegistrationDeps } from "./deps";
import { idempotencyKeyInProgress, idempotencyKeyReused } from "./errors";
import type { RegistrationView } from "./registration-view";

/** What a replay answers: the first request's status and body, unchanged. */
export interface StoredReply {
  status: number;
  registration: RegistrationView;
}

/** Identifies the request a key was first used with (same key, other body → 422). */
export const signUpRequestHash = (eventId: string): string =>
  createHash("sha256")
    .update(`POST /api/v1/registrations\n${JSON.stringify({ event_id: eventId })}`)
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
