import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { uniqueEmail } from "@turnout/test-kit";

/** Rows written straight into a service's tables: those the purge must delete, and the rest. */
export interface Planted {
  gone: string[];
  kept: string[];
}

const DAY = 24 * 3600;
const ago = (seconds: number) => `now() - make_interval(secs => ${String(seconds)})`;

/** An account to hang tokens on (no mail, no event: only the row). */
export async function plantUser(auth: Pool): Promise<string> {
  const id = randomUUID();
  await auth.query(
    `INSERT INTO users (id, email, password_hash) VALUES ($1, $2, '$argon2id$placeholder')`,
    [id, uniqueEmail("retention")],
  );
  return id;
}

/** Spent refresh tokens: 8 and 40 days past expiry (gone); 6 days past, and live (kept). */
export async function plantRefreshTokens(auth: Pool, userId: string): Promise<Planted> {
  const insert = async (expiredSecondsAgo: number) => {
    const hash = `retention-${randomUUID()}`;
    await auth.query(
      `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, used_at)
       VALUES ($1, $2, $3, $4, ${ago(expiredSecondsAgo)}, ${ago(expiredSecondsAgo + 60)})`,
      [randomUUID(), userId, randomUUID(), hash],
    );
    return hash;
  };
  return {
    gone: [await insert(8 * DAY), await insert(40 * DAY)],
    kept: [await insert(6 * DAY), await insert(-30 * DAY)],
  };
}

/** Reset tokens: 2 days past expiry (gone); 1 hour past, and live (kept). */
export async function plantOneTimeTokens(auth: Pool, userId: string): Promise<Planted> {
  const insert = async (expiredSecondsAgo: number) => {
    const hash = `retention-${randomUUID()}`;
    await auth.query(
      `INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, 'password_reset', $3, ${ago(expiredSecondsAgo)})`,
      [randomUUID(), userId, hash],
    );
    return hash;
  };
  return { gone: [await insert(2 * DAY)], kept: [await insert(3600), await insert(-1800)] };
}

/** Login counters: untouched for 2 days (gone); touched a minute ago (kept). */
export async function plantThrottleCounters(auth: Pool): Promise<Planted> {
  const insert = async (idleSeconds: number) => {
    const subject = `retention:${randomUUID()}`;
    await auth.query(
      `INSERT INTO login_throttle (scope, subject, window_start, failures, updated_at)
       VALUES ('address', $1, ${ago(idleSeconds)}, 7, ${ago(idleSeconds)})`,
      [subject],
    );
    return subject;
  };
  return { gone: [await insert(2 * DAY)], kept: [await insert(60)] };
}

/** Applied event ids: 31 days old (gone); 1 day old (kept). */
export async function plantProcessedEvents(pool: Pool): Promise<Planted> {
  const insert = async (ageSeconds: number) => {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO processed_events (consumer_group, event_id, topic, event_type, processed_at)
       VALUES ('retention-proof', $1, 'retention-proof', 'turnout.proof.v1', ${ago(ageSeconds)})`,
      [id],
    );
    return id;
  };
  return { gone: [await insert(31 * DAY)], kept: [await insert(DAY)] };
}

/** Outbound mail: sent 31 days ago (gone); sent 29 days ago, and pending for 40 days (kept). */
export async function plantOutboundMail(notifications: Pool): Promise<Planted> {
  const insert = async (ageSeconds: number, status: "sent" | "pending") => {
    const id = randomUUID();
    await notifications.query(
      `INSERT INTO outbound_mail (id, source_event_id, kind, user_id, to_address, subject,
         message_id, status, next_attempt_at, created_at, sent_at)
       VALUES ($1, $2, 'retention_proof', $3, 'retention@example.test', 'Retention', $4, $5,
         now() + interval '1 year', ${ago(ageSeconds)},
         CASE WHEN $5 = 'sent' THEN ${ago(ageSeconds)} END)`,
      [id, randomUUID(), randomUUID(), `<${id}@retention.test>`, status],
    );
    return id;
  };
  return {
    gone: [await insert(31 * DAY, "sent")],
    kept: [await insert(29 * DAY, "sent"), await insert(40 * DAY, "pending")],
  };
}

/** Which of `planted` are still in `table` (matched on `column`), sorted. */
export async function stillThere(
  pool: Pool,
  table: string,
  column: string,
  planted: Planted,
): Promise<string[]> {
  const { rows } = await pool.query<{ value: string }>(
    `SELECT ${column}::text AS value FROM ${table} WHERE ${column}::text = ANY($1::text[])`,
    [[...planted.gone, ...planted.kept]],
  );
  return rows.map((row) => row.value).sort();
}
