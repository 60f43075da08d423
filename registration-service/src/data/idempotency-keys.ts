import { execute, queryOne, statement, type Db } from "@turnout/kit";

export interface IdempotencyRecord {
  requestHash: string;
  registrationId: string;
  /** The reply to replay, once the first request settled. */
  response: { status: number; body: unknown } | null;
}

const find = statement<{
  request_hash: string;
  registration_id: string;
  response_status: number | null;
  response_body: unknown;
}>(
  "registrations_key_find",
  `SELECT request_hash, registration_id, response_status, response_body FROM idempotency_keys
   WHERE user_id = $1::uuid AND key = $2`,
);
const store = statement(
  "registrations_key_store",
  `UPDATE idempotency_keys SET response_status = $2, response_body = $3::jsonb
   WHERE registration_id = $1::uuid AND response_status IS NULL`,
);

/**
 * Idempotency keys of sign-ups (a key is claimed with its attempt: `seatPath.createAttempt`;
 * the scheduled purge forgets it: `expired-rows.ts`).
 */
export function idempotencyKeysRepository(db: Db) {
  return {
    async find(userId: string, key: string): Promise<IdempotencyRecord | null> {
      const row = await queryOne(db, find, [userId, key]);
      if (!row) return null;
      return {
        requestHash: row.request_hash,
        registrationId: row.registration_id,
        response:
          row.response_status === null
            ? null
            : { status: row.response_status, body: row.response_body },
      };
    },

    /** Records the reply of the request that created `registrationId`, when it has a key. */
    async storeResponse(registrationId: string, status: number, body: unknown): Promise<void> {
      await execute(db, store, [registrationId, status, JSON.stringify(body)]);
    },
  };
}
