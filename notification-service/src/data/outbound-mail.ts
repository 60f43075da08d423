import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { quoteIdent, type Sql } from "@turnout/kit";
import type { MailKind } from "../mail/templates";
import type { RenderedMail } from "../mail/render";

/**
 * Queues a mail in the consumer's transaction. The unique (source event, kind, recipient) key
 * makes a second enqueue of the same mail a no-op, so a redelivered event sends nothing more.
 * The Message-ID is fixed here, once per row: a resend after a crash carries the same one.
 */
export async function enqueueMail(
  tx: Sql,
  schema: string,
  input: {
    sourceEventId: string;
    kind: MailKind;
    userId: string;
    to: string;
    mail: RenderedMail;
    messageIdDomain: string;
    /** Past this the mail is pointless (its link no longer works) and is not sent. */
    expiresAt?: string;
  },
): Promise<boolean> {
  const id = randomUUID();
  const added = await tx.$executeRawUnsafe(
    `INSERT INTO ${quoteIdent(schema)}.outbound_mail
       (id, source_event_id, kind, user_id, to_address, subject, text_body, html_body,
        message_id, expires_at)
     VALUES ($1::uuid, $2::uuid, $3, $4::uuid, $5, $6, $7, $8, $9, $10::timestamptz)
     ON CONFLICT (source_event_id, kind, user_id) DO NOTHING`,
    id,
    input.sourceEventId,
    input.kind,
    input.userId,
    input.to,
    input.mail.subject,
    input.mail.text,
    input.mail.html,
    `<${id}@${input.messageIdDomain}>`,
    input.expiresAt ?? null,
  );
  return added === 1;
}

/** A pending mail claimed by the sender (row-locked until its transaction ends). */
export interface DueMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attempts: number;
  expired: boolean;
}

/**
 * The next due mail, locked `FOR UPDATE SKIP LOCKED`: replicas sending at the same time each
 * get a different row, and nobody else sends this one until the lock's transaction ends.
 */
export async function claimDueMail(client: PoolClient, schema: string): Promise<DueMail | null> {
  const { rows } = await client.query<{
    id: string;
    kind: string;
    to_address: string;
    subject: string;
    text_body: string | null;
    html_body: string | null;
    message_id: string;
    attempts: number;
    expired: boolean;
  }>(
    `SELECT id, kind, to_address, subject, text_body, html_body, message_id, attempts,
            COALESCE(expires_at <= now(), false) AS expired
     FROM ${quoteIdent(schema)}.outbound_mail
     WHERE status = 'pending' AND next_attempt_at <= now()
     ORDER BY next_attempt_at
     LIMIT 1
     FOR UPDATE SKIP LOCKED`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body ?? "",
    html: row.html_body ?? "",
    messageId: row.message_id,
    attempts: row.attempts,
    expired: row.expired,
  };
}

export type Settlement =
  | { status: "sent" }
  | { status: "expired" }
  | { status: "failed"; error: string }
  | { status: "pending"; error: string; retryInMs: number };

/**
 * Records an attempt's outcome on the claimed row. Settled rows (sent, failed, expired) lose
 * their bodies: a verification or reset link must not outlive its use in the database.
 */
export async function settleMail(
  client: PoolClient,
  schema: string,
  id: string,
  outcome: Settlement,
): Promise<void> {
  const table = `${quoteIdent(schema)}.outbound_mail`;
  if (outcome.status === "pending") {
    await client.query(
      `UPDATE ${table} SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE id = $1`,
      [id, outcome.error.slice(0, 1000), outcome.retryInMs],
    );
    return;
  }
  const tried = outcome.status === "expired" ? 0 : 1;
  await client.query(
    `UPDATE ${table} SET status = $2, attempts = attempts + $3, text_body = NULL,
       html_body = NULL, last_error = $4, sent_at = CASE WHEN $2 = 'sent' THEN now() END
     WHERE id = $1`,
    [id, outcome.status, tried, outcome.status === "failed" ? outcome.error.slice(0, 1000) : null],
  );
}
