import { randomUUID } from "node:crypto";
import { execute, queryOne, statement, type Db } from "@turnout/kit";
import type { MailKind } from "../mail/templates";
import type { RenderedMail } from "../mail/render";

/**
 * The unique (source event, kind, recipient) key makes a second enqueue of the same mail a
 * no-op, so a redelivered event sends nothing more. The insert trigger NOTIFYs `<schema>_mail`
 * when the unit of work commits, which wakes the senders.
 */
const enqueueMail = statement(
  "notifications_outbound_mail_enqueue",
  `INSERT INTO outbound_mail
     (id, source_event_id, kind, user_id, to_address, subject, text_body, html_body,
      message_id, expires_at, calendar_ics)
   VALUES ($1::uuid, $2::uuid, $3, $4::uuid, $5, $6, $7, $8, $9, $10::timestamptz, $11)
   ON CONFLICT (source_event_id, kind, user_id) DO NOTHING`,
);

/** Many mails of one kind in one statement (reminders, messages to attendees); same key. */
const enqueueMany = statement(
  "notifications_outbound_mail_enqueue_many",
  `INSERT INTO outbound_mail
     (id, source_event_id, kind, user_id, to_address, subject, text_body, html_body,
      message_id, calendar_ics)
   SELECT m.id, m.source_event_id, $1, m.user_id, m.to_address, m.subject, m.text_body,
          m.html_body, m.message_id, m.calendar_ics
   FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[],
               $8::text[], $9::text[], $10::text[])
     AS m(id, source_event_id, user_id, to_address, subject, text_body, html_body, message_id,
          calendar_ics)
   ON CONFLICT (source_event_id, kind, user_id) DO NOTHING`,
);

interface DueRow {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  message_id: string;
  attempts: number;
  expired: boolean;
  calendar_ics: string | null;
}

/**
 * Claims the next due mail in one statement, without a transaction held across the send: the
 * row gets a lease (`next_attempt_at` moves past the longest send), so replicas sending at the
 * same time each get a different row (`SKIP LOCKED`) and nobody takes this one while it is
 * being sent. A sender that dies mid-send leaves it to be sent again when the lease runs out.
 */
const claimDue = statement<DueRow>(
  "notifications_outbound_mail_claim",
  `WITH due AS (
     SELECT id FROM outbound_mail
     WHERE status = 'pending' AND next_attempt_at <= now()
     ORDER BY next_attempt_at LIMIT 1
     FOR UPDATE SKIP LOCKED
   )
   UPDATE outbound_mail m SET next_attempt_at = now() + $1::int * interval '1 millisecond'
   FROM due WHERE m.id = due.id
   RETURNING m.id::text, m.kind, m.to_address, m.subject, m.text_body, m.html_body,
             m.message_id, m.attempts, COALESCE(m.expires_at <= now(), false) AS expired,
             m.calendar_ics`,
);

const retryLater = statement(
  "notifications_outbound_mail_retry",
  `UPDATE outbound_mail SET attempts = attempts + 1, last_error = $2,
     next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
   WHERE id = $1::uuid AND status = 'pending'`,
);

const settle = statement(
  "notifications_outbound_mail_settle",
  `UPDATE outbound_mail SET status = $2, attempts = attempts + $3, text_body = NULL,
     html_body = NULL, calendar_ics = NULL, last_error = $4, sent_at = CASE WHEN $2 = 'sent' THEN now() END
   WHERE id = $1::uuid AND status = 'pending'`,
);

/** A pending mail claimed by a sender (leased until it is settled or the lease runs out). */
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
  /** The `invite.ics` to attach, if any. */
  calendarIcs: string | null;
}

/** One mail of a batch (`enqueueMany`). */
export interface BatchMail {
  sourceEventId: string;
  userId: string;
  to: string;
  mail: RenderedMail;
  calendarIcs?: string | null;
}

export type Settlement =
  | { status: "sent" }
  | { status: "expired" }
  | { status: "failed"; error: string }
  | { status: "pending"; error: string; retryInMs: number };

export function outboundMailRepository(db: Db) {
  return {
    /**
     * Queues a mail (in the consumer's unit of work); whether it was added. The Message-ID is
     * fixed here, once per row: a resend after a crash carries the same one.
     */
    async enqueue(input: {
      sourceEventId: string;
      kind: MailKind;
      userId: string;
      to: string;
      mail: RenderedMail;
      messageIdDomain: string;
      /** Past this the mail is pointless (its link no longer works) and is not sent. */
      expiresAt?: string;
      /** An `invite.ics` to attach. */
      calendarIcs?: string;
    }): Promise<boolean> {
      const id = randomUUID();
      const added = await execute(db, enqueueMail, [
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
        input.calendarIcs ?? null,
      ]);
      return added === 1;
    },
    /** Queues a batch of mails of one kind in one statement; how many were added. */
    async enqueueMany(
      kind: MailKind,
      mails: readonly BatchMail[],
      messageIdDomain: string,
    ): Promise<number> {
      if (mails.length === 0) return 0;
      const ids = mails.map(() => randomUUID());
      return execute(db, enqueueMany, [
        kind,
        ids,
        mails.map((m) => m.sourceEventId),
        mails.map((m) => m.userId),
        mails.map((m) => m.to),
        mails.map((m) => m.mail.subject),
        mails.map((m) => m.mail.text),
        mails.map((m) => m.mail.html),
        ids.map((id) => `<${id}@${messageIdDomain}>`),
        mails.map((m) => m.calendarIcs ?? null),
      ]);
    },

    /** The next due mail, leased for `leaseMs`; null when none is due. */
    async claimDue(leaseMs: number): Promise<DueMail | null> {
      const row = await queryOne(db, claimDue, [Math.ceil(leaseMs)]);
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
        calendarIcs: row.calendar_ics,
      };
    },

    /**
     * Records an attempt's outcome on the claimed row (a row deleted meanwhile, its user gone,
     * stays gone). Settled rows (sent, failed, expired) lose their bodies: a verification or
     * reset link must not outlive its use in the database.
     */
    async settle(id: string, outcome: Settlement): Promise<void> {
      if (outcome.status === "pending") {
        await execute(db, retryLater, [id, outcome.error.slice(0, 1000), outcome.retryInMs]);
        return;
      }
      await execute(db, settle, [
        id,
        outcome.status,
        outcome.status === "expired" ? 0 : 1,
        outcome.status === "failed" ? outcome.error.slice(0, 1000) : null,
      ]);
    },
  };
}
