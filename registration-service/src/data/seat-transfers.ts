import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";

export type TransferStatus = "offered" | "accepted" | "withdrawn" | "void";

/** A seat offered to someone by email. */
export interface SeatTransfer {
  id: string;
  seatId: string;
  /** The sender's booking. */
  registrationId: string;
  eventId: string;
  fromUserId: string;
  /** Lower-cased. */
  email: string;
  status: TransferStatus;
  toUserId: string | null;
  toRegistrationId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  /** The seat's attendee name, as the booking gave it. */
  attendeeName: string | null;
}

interface TransferRow {
  id: string;
  seat_id: string;
  registration_id: string;
  event_id: string;
  from_user_id: string;
  email: string;
  status: string;
  to_user_id: string | null;
  to_registration_id: string | null;
  created_at: Date;
  decided_at: Date | null;
  attendee_name: string | null;
}

const COLUMNS = `t.id, t.seat_id, t.registration_id, t.event_id, t.from_user_id, t.email,
  t.status, t.to_user_id, t.to_registration_id, t.created_at, t.decided_at`;
// Every read and write answers with the seat's attendee name.
const WITH_NAME = `${COLUMNS}, (SELECT s.attendee_name FROM seats s WHERE s.id = t.seat_id)
  AS attendee_name`;

const toTransfer = (row: TransferRow): SeatTransfer => ({
  id: row.id,
  seatId: row.seat_id,
  registrationId: row.registration_id,
  eventId: row.event_id,
  fromUserId: row.from_user_id,
  email: row.email,
  status: row.status as TransferStatus,
  toUserId: row.to_user_id,
  toRegistrationId: row.to_registration_id,
  createdAt: new Date(row.created_at),
  decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
  attendeeName: row.attendee_name,
});

// One open offer per seat: the partial unique index refuses a second (nothing inserted).
const offer = statement<TransferRow>(
  "registrations_transfer_offer",
  `WITH t AS (
     INSERT INTO seat_transfers (id, seat_id, registration_id, event_id, from_user_id, email,
       status, created_at)
     VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, lower($6::text), 'offered',
       $7::timestamptz)
     ON CONFLICT DO NOTHING RETURNING *
   )
   SELECT ${WITH_NAME} FROM t`,
);
const find = statement<TransferRow>(
  "registrations_transfer_find",
  `SELECT ${WITH_NAME} FROM seat_transfers t WHERE t.id = $1::uuid`,
);
// Offers still open whose seat is still an active seat of a confirmed booking (an offer a
// cancel left behind is not shown), oldest first.
const listOpen = statement<TransferRow>(
  "registrations_transfer_list_open",
  `SELECT ${WITH_NAME} FROM seat_transfers t
   JOIN seats s ON s.id = t.seat_id AND s.registration_id = t.registration_id
     AND s.status = 'active'
   JOIN registrations r ON r.id = t.registration_id AND r.status = 'confirmed'
   WHERE t.email = lower($1::text) AND t.status = 'offered'
   ORDER BY t.created_at, t.id LIMIT 100`,
);
const decide = statement<TransferRow>(
  "registrations_transfer_decide",
  `WITH t AS (
     UPDATE seat_transfers SET status = $2::text, decided_at = $3::timestamptz,
       to_user_id = $4::uuid, to_registration_id = $5::uuid
     WHERE id = $1::uuid AND status = 'offered'
     RETURNING *
   )
   SELECT ${WITH_NAME} FROM t`,
);
const voidForSeat = statement(
  "registrations_transfer_void_seat",
  `UPDATE seat_transfers SET status = 'void', decided_at = $2::timestamptz
   WHERE seat_id = $1::uuid AND status = 'offered'`,
);
const voidForRegistration = statement(
  "registrations_transfer_void_registration",
  `UPDATE seat_transfers SET status = 'void', decided_at = $2::timestamptz
   WHERE seat_id IN (SELECT id FROM seats WHERE registration_id = $1::uuid)
     AND status = 'offered'`,
);
// The account's email from the people copy (kept from the auth service's messages).
const emailOf = statement<{ email: string | null }>(
  "registrations_transfer_email_of",
  `SELECT NULLIF(email, '') AS email FROM people WHERE user_id = $1::uuid`,
);
// Offers of one sender are made one at a time (until the unit of work ends), so two at once
// cannot both pass the limits below.
const lockSender = statement(
  "registrations_transfer_lock_sender",
  `SELECT pg_advisory_xact_lock(hashtextextended('seat_offers:' || $1::text, 0))`,
);
// The sender's open offers, and the offers they made since `$2` (the oldest first, for when
// the window frees a place).
const senderCounts = statement<{ open: number; recent: number; oldest_recent: Date | null }>(
  "registrations_transfer_sender_counts",
  `SELECT count(*) FILTER (WHERE status = 'offered')::int AS open,
     count(*) FILTER (WHERE created_at > $2::timestamptz)::int AS recent,
     min(created_at) FILTER (WHERE created_at > $2::timestamptz) AS oldest_recent
   FROM seat_transfers
   WHERE from_user_id = $1::uuid AND (status = 'offered' OR created_at > $2::timestamptz)`,
);

/** What the offer limits count for one sender (domain/transfers.ts). */
export interface SenderOffers {
  open: number;
  /** Offers made since the start of the window. */
  recent: number;
  /** The oldest of those; null when none. */
  oldestRecent: Date | null;
}

/** Seat offers, and the one read of the people copy they need (whose email an account has). */
export function seatTransfersRepository(db: Db) {
  return {
    /** A new open offer; null when the seat already has one. */
    async offer(transfer: {
      id: string;
      seatId: string;
      registrationId: string;
      eventId: string;
      fromUserId: string;
      email: string;
      now: Date;
    }): Promise<SeatTransfer | null> {
      const row = await queryOne(db, offer, [
        transfer.id,
        transfer.seatId,
        transfer.registrationId,
        transfer.eventId,
        transfer.fromUserId,
        transfer.email,
        transfer.now,
      ]);
      return row ? toTransfer(row) : null;
    },

    async find(id: string): Promise<SeatTransfer | null> {
      const row = await queryOne(db, find, [id]);
      return row ? toTransfer(row) : null;
    },

    /** Open offers to this email (case-insensitive) that can still be accepted. */
    async listOpenFor(email: string): Promise<SeatTransfer[]> {
      return (await queryRows(db, listOpen, [email])).map(toTransfer);
    },

    /** offered → `to`; null if the offer was no longer open. */
    async decide(
      id: string,
      to: Exclude<TransferStatus, "offered">,
      now: Date,
      recipient?: { userId: string; registrationId: string },
    ): Promise<SeatTransfer | null> {
      const row = await queryOne(db, decide, [
        id,
        to,
        now,
        recipient?.userId ?? null,
        recipient?.registrationId ?? null,
      ]);
      return row ? toTransfer(row) : null;
    },

    /** The seat was cancelled: its open offer (if any) is void. */
    async voidForSeat(seatId: string, now: Date): Promise<void> {
      await execute(db, voidForSeat, [seatId, now]);
    },

    /** The booking ended: the open offers of its seats are void. */
    async voidForRegistration(registrationId: string, now: Date): Promise<void> {
      await execute(db, voidForRegistration, [registrationId, now]);
    },

    /** Takes the sender's offer lock until the unit of work ends (call inside one). */
    async lockSender(userId: string): Promise<void> {
      await execute(db, lockSender, [userId]);
    },

    /** The sender's open offers, and the offers they made after `since`. */
    async senderCounts(userId: string, since: Date): Promise<SenderOffers> {
      const row = await queryOne(db, senderCounts, [userId, since]);
      return {
        open: row?.open ?? 0,
        recent: row?.recent ?? 0,
        oldestRecent: row?.oldest_recent ? new Date(row.oldest_recent) : null,
      };
    },

    /** The account's email as the people copy has it; null when unknown. */
    async emailOf(userId: string): Promise<string | null> {
      return (await queryOne(db, emailOf, [userId]))?.email ?? null;
    },
  };
}
