import type { ConfirmationPath } from "@turnout/contracts";
import type { Answers } from "../domain/booking-rules";
import type { Registration, RegistrationStatus } from "../domain/registration";
import { seatsJsonOf, toSeats, type SeatRow } from "./seat-rows";

/** A `registrations` row as raw SQL returns it, with the computed waitlist position. */
export interface RegistrationRow {
  id: string;
  event_id: string;
  user_id: string;
  status: string;
  waitlist_seq: string | number | null;
  confirmed_via: string | null;
  confirmed_at: Date | null;
  checked_in_at: Date | string | null;
  cancelled_at: Date | string | null;
  cancel_reason: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  waitlist_position: bigint | number | string | null;
  ticket_type_id?: string | null;
  quantity?: number;
  answers?: Answers | null;
  transferred_from?: string | null;
  /** The seats, from {@link seatsJsonOf} (absent where a statement does not read them). */
  seats?: SeatRow[] | string | null;
}

/** Every column of `registrations r`, and its seats (one JSON array, by position). */
export const REGISTRATION_COLUMNS = `r.id, r.event_id, r.user_id, r.status, r.waitlist_seq,
  r.confirmed_via, r.confirmed_at, r.checked_in_at, r.cancelled_at, r.cancel_reason, r.created_at,
  r.updated_at, r.ticket_type_id, r.quantity, r.answers, r.transferred_from, ${seatsJsonOf("r")}`;

/**
 * The rank among the event's waitlisted registrations by sequence number (1 = next), counted on
 * the partial waitlist index when read, so it shifts as people ahead leave the line.
 */
export const WAITLIST_POSITION = `CASE WHEN r.status = 'waitlisted' THEN (
  SELECT count(*) FROM registrations w
  WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.waitlist_seq <= r.waitlist_seq
) END AS waitlist_position`;

export const toNumber = (value: bigint | number | string | null): number | null =>
  value === null ? null : Number(value);

const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const toOptionalDate = (value: Date | string | null): Date | null =>
  value === null ? null : toDate(value);

export function toRegistration(row: RegistrationRow): Registration {
  return {
    id: row.id,
    eventId: row.event_id,
    userId: row.user_id,
    status: row.status as RegistrationStatus,
    waitlistSeq: toNumber(row.waitlist_seq),
    waitlistPosition: toNumber(row.waitlist_position),
    confirmedVia: row.confirmed_via as ConfirmationPath | null,
    confirmedAt: toOptionalDate(row.confirmed_at),
    checkedInAt: toOptionalDate(row.checked_in_at),
    cancelledAt: toOptionalDate(row.cancelled_at),
    cancelReason: row.cancel_reason,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    ticketTypeId: row.ticket_type_id ?? null,
    quantity: row.quantity ?? 1,
    answers: row.answers ?? {},
    transferredFrom: row.transferred_from ?? null,
    seats: toSeats(row.seats),
  };
}

/** Keyset position of a listing: the last row of the previous page. */
export interface Keyset {
  createdAt: Date;
  id: string;
}
