import type { Sql } from "@turnout/kit";

export interface IdempotencyRecord {
  requestHash: string;
  registrationId: string;
  /** The reply to replay, once the first request settled. */
  response: { status: number; body: unknown } | null;
}

/**
 * Takes the key for this request inside the transaction that creates the registration. False
 * when the key is already taken: a concurrent duplicate waits here for the first transaction
 * to end (primary key), then sees its row.
 */
export async function claimKey(
  sql: Sql,
  key: { userId: string; key: string; requestHash: string; registrationId: string },
): Promise<boolean> {
  const inserted = await sql.$executeRawUnsafe(
    `INSERT INTO idempotency_keys (user_id, key, request_hash, registration_id)
     VALUES ($1::uuid, $2, $3, $4::uuid) ON CONFLICT DO NOTHING`,
    key.userId,
    key.key,
    key.requestHash,
    key.registrationId,
  );
  return inserted === 1;
}

export async function findKey(
  sql: Sql,
  userId: string,
  key: string,
): Promise<IdempotencyRecord | null> {
  const rows = await sql.$queryRawUnsafe<
    {
      request_hash: string;
      registration_id: string;
      response_status: number | null;
      response_body: unknown;
    }[]
  >(
    `SELECT request_hash, registration_id, response_status, response_body FROM idempotency_keys
     WHERE user_id = $1::uuid AND key = $2`,
    userId,
    key,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    requestHash: row.request_hash,
    registrationId: row.registration_id,
    response:
      row.response_status === null
        ? null
        : { status: row.response_status, body: row.response_body },
  };
}

/** Records the reply of the request that created `registrationId`, when it has a key. */
export async function storeResponse(
  sql: Sql,
  registrationId: string,
  status: number,
  body: unknown,
): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE idempotency_keys SET response_status = $2, response_body = $3::jsonb
     WHERE registration_id = $1::uuid AND response_status IS NULL`,
    registrationId,
    status,
    JSON.stringify(body),
  );
}

export async function deleteExpiredKeys(sql: Sql, ttlSeconds: number): Promise<number> {
  return sql.$executeRawUnsafe(
    `DELETE FROM idempotency_keys WHERE created_at < now() - $1::int * interval '1 second'`,
    ttlSeconds,
  );
}
