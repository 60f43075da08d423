import { queryOne, queryRows, statement, type Db } from "@turnout/kit";
import type { Answers } from "../domain/booking-rules";
import type { Registration, RegistrationStatus, Seat } from "../domain/registration";
import {
  REGISTRATION_COLUMNS,
  toNumber,
  toRegistration,
  WAITLIST_POSITION,
  type Keyset,
  type RegistrationRow,
} from "./registration-rows";
import { seatsJsonOf, toSeats, type SeatRow } from "./seat-rows";

export interface ListOptions {
  status?: RegistrationStatus | undefined;
  after?: Keyset | undefined;
  limit: number;
}

export interface Attempt {
  id: string;
  eventId: string;
  userId: string;
  /** Set when the attempt is a promotion from the waitlist. */
  waitlistSeq: number | null;
  createdAt: Date;
  /** The booking: its type (null: the event's default), seats and answers. */
  ticketTypeId: string | null;
  quantity: number;
  answers: Answers;
  seats: Seat[];
  /** The hidden type's code as the request sent it (never stored). */
  accessCode?: string | undefined;
}

interface AttemptRow {
  id: string;
  event_id: string;
  user_id: string;
  waitlist_seq: string | null;
  created_at: Date;
  ticket_type_id: string | null;
  quantity: number;
  answers: Answers | null;
  seats: SeatRow[] | string | null;
}

const ATTEMPT_COLUMNS = `id, event_id, user_id, waitlist_seq, created_at, ticket_type_id, quantity,
  answers, ${seatsJsonOf("registrations")}`;

const toAttempt = (row: AttemptRow): Attempt => ({
  id: row.id,
  eventId: row.event_id,
  userId: row.user_id,
  waitlistSeq: toNumber(row.waitlist_seq),
  createdAt: row.created_at,
  ticketTypeId: row.ticket_type_id,
  quantity: row.quantity,
  answers: row.answers ?? {},
  seats: toSeats(row.seats),
});

/** Free seats as the ledger counts them: the event's, and each type's. */
export interface FreeSeats {
  event: number;
  types: { id: string; free: number }[];
  /** The event's first type: bookings without a type (made before types) take its seats. */
  defaultTypeId: string | null;
}

const find = statement<RegistrationRow>(
  "registrations_find",
  `SELECT ${REGISTRATION_COLUMNS}, ${WAITLIST_POSITION} FROM registrations r WHERE r.id = $1::uuid`,
);
const listForUser = statement<RegistrationRow>(
  "registrations_list_for_user",
  `SELECT ${REGISTRATION_COLUMNS}, ${WAITLIST_POSITION} FROM registrations r
   WHERE r.user_id = $1::uuid AND ($2::text IS NULL OR r.status = $2::text)
     AND ($3::timestamptz IS NULL OR (r.created_at, r.id) < ($3::timestamptz, $4::uuid))
   ORDER BY r.created_at DESC, r.id DESC LIMIT $5`,
);
const promotionInFlight = statement<{ busy: boolean }>(
  "registrations_promotion_in_flight",
  `SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = $1::uuid
     AND status = 'reserving' AND waitlist_seq IS NOT NULL) AS busy`,
);
const firstWaitlisted = statement<AttemptRow>(
  "registrations_first_waitlisted",
  `SELECT ${ATTEMPT_COLUMNS} FROM registrations
   WHERE event_id = $1::uuid AND status = 'waitlisted' ORDER BY waitlist_seq LIMIT 1`,
);
// The earliest waitlisted booking whose whole party fits in the free seats of its type and of the
// event: per type, the first that fits on the `registrations_waitlist_by_type` index (bookings
// without a type count as the default type's), then the earliest of those. Skips `$6` (refused
// by the ledger earlier in this pass).
const earliestThatFits = statement<AttemptRow>(
  "registrations_earliest_that_fits",
  `SELECT c.* FROM unnest($2::uuid[], $3::int[]) AS f(type_id, free)
   CROSS JOIN LATERAL (
     SELECT ${ATTEMPT_COLUMNS} FROM registrations
     WHERE event_id = $1::uuid AND status = 'waitlisted' AND ticket_type_id = f.type_id
       AND quantity <= least(f.free, $4::int) AND NOT id = ANY($6::uuid[])
     ORDER BY waitlist_seq LIMIT 1
   ) c
   UNION ALL
   SELECT * FROM (
     SELECT ${ATTEMPT_COLUMNS} FROM registrations
     WHERE event_id = $1::uuid AND status = 'waitlisted' AND ticket_type_id IS NULL
       AND quantity <= least($5::int, $4::int) AND NOT id = ANY($6::uuid[])
     ORDER BY waitlist_seq LIMIT 1
   ) d
   ORDER BY waitlist_seq LIMIT 1`,
);
// The claim renews `updated_at` (a lease: no replica claims the row again within the grace
// period), and SKIP LOCKED keeps two replicas' claims apart.
const claimStale = statement<AttemptRow>(
  "registrations_claim_stale",
  `UPDATE registrations SET updated_at = now()
   WHERE id IN (
     SELECT id FROM registrations
     WHERE status = 'reserving' AND updated_at < now() - $1::int * interval '1 millisecond'
     ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED
   ) AND status = 'reserving'
   RETURNING ${ATTEMPT_COLUMNS}`,
);

const page = (key: string, options: ListOptions) => [
  key,
  options.status ?? null,
  options.after?.createdAt ?? null,
  options.after?.id ?? null,
  options.limit,
];

/** Reads of registrations, and the claims of the recovery saga and promotions. */
export function registrationsRepository(db: Db) {
  return {
    async find(id: string): Promise<Registration | null> {
      const row = await queryOne(db, find, [id]);
      return row ? toRegistration(row) : null;
    },

    /** The user's registrations, newest first. */
    async listForUser(userId: string, options: ListOptions): Promise<Registration[]> {
      return (await queryRows(db, listForUser, page(userId, options))).map(toRegistration);
    },

    /** A waitlisted attendee being promoted (its row is `reserving` and keeps its number). */
    async promotionInFlight(eventId: string): Promise<boolean> {
      return (await queryOne(db, promotionInFlight, [eventId]))?.busy === true;
    },

    /** The next in line (lowest sequence number); call under the per-event lock. */
    async firstWaitlisted(eventId: string): Promise<Attempt | null> {
      const row = await queryOne(db, firstWaitlisted, [eventId]);
      return row ? toAttempt(row) : null;
    },

    /**
     * The earliest waitlisted booking that fits in `free` (docs/booking-model.md, "Promotion
     * rule"); call under the per-event lock.
     */
    async earliestThatFits(
      eventId: string,
      free: FreeSeats,
      skip: readonly string[],
    ): Promise<Attempt | null> {
      const defaultFree = free.types.find((type) => type.id === free.defaultTypeId)?.free ?? 0;
      const row = await queryOne(db, earliestThatFits, [
        eventId,
        free.types.map((type) => type.id),
        free.types.map((type) => type.free),
        free.event,
        free.defaultTypeId === null ? free.event : defaultFree,
        skip,
      ]);
      return row ? toAttempt(row) : null;
    },

    /** Claims up to `limit` attempts left `reserving` for longer than `graceMs`. */
    async claimStale(graceMs: number, limit: number): Promise<Attempt[]> {
      return (await queryRows(db, claimStale, [graceMs, limit])).map(toAttempt);
    },
  };
}
