import { AppError, unprocessable } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import type { CheckIn, ScanTarget } from "../data/check-ins";
import { checkedInMessage } from "../events/registration-events";
import { ticketTypeName } from "./booking-rules";
import { scanAccess } from "./check-in-access";
import type { RegistrationDeps } from "./deps";
import type { Caller, EventFacts } from "./registration";

// Scanning a ticket at the door (docs/tickets.md, "Scanning"). The checks run in the published
// order: the code (422), the caller (403), the seat (422), an earlier scan (409).

export const invalidTicket = () =>
  unprocessable(
    "invalid_ticket",
    "This ticket is not valid: forged, altered, expired, cancelled or transferred.",
  );

/** 409 `already_checked_in`; the reply adds when and at which gate the first scan was. */
export class AlreadyCheckedInError extends AppError {
  constructor(
    readonly checkedInAt: Date,
    readonly gate: string | null,
  ) {
    super(409, "already_checked_in", "This ticket was scanned before.");
  }
}

export interface ScanInput {
  ticketCode: string;
  gate: string | null;
  /** When an offline scanner read the code; null: now. */
  scannedAt: Date | null;
}

/** A seat checked in: the scan reply, and the live view's event. */
export interface SeatCheckedIn {
  seatId: string;
  registrationId: string;
  eventId: string;
  holderName: string | null;
  ticketTypeId: string | null;
  ticketTypeName: string | null;
  seatPosition: number;
  gate: string | null;
  checkedInAt: Date;
}

/** The live view's `check-in` event; also the NOTIFY payload (with `event_id` to route it). */
export const liveCheckIn = (seat: SeatCheckedIn) => ({
  event_id: seat.eventId,
  seat_id: seat.seatId,
  registration_id: seat.registrationId,
  holder_name: seat.holderName,
  ticket_type_id: seat.ticketTypeId,
  ticket_type_name: seat.ticketTypeName,
  gate: seat.gate,
  checked_in_at: seat.checkedInAt.toISOString(),
});

/** A booking made before types has the event's first type. */
const typeIdOf = (event: EventFacts, target: ScanTarget): string | null =>
  target.ticketTypeId ?? event.ticketTypes?.[0]?.id ?? null;

/**
 * Checks one seat in within the caller's unit of work: the check-in row (false when the seat was
 * scanned before), the booking's `checked_in_at` if still empty, the message, the NOTIFY.
 */
export async function recordSeatCheckIn(
  tx: Repositories,
  event: EventFacts,
  target: ScanTarget,
  by: { callerId: string; gate: string | null; checkedInAt: Date; scannedAt: Date | null },
): Promise<SeatCheckedIn | null> {
  const checkIn: CheckIn = {
    seatId: target.seatId,
    eventId: target.eventId,
    registrationId: target.registrationId,
    gate: by.gate,
    checkedInAt: by.checkedInAt,
    scannedAt: by.scannedAt,
    checkedInBy: by.callerId,
  };
  if (!(await tx.checkIns.insert(checkIn))) return null;
  await tx.transitions.markCheckedIn(target.registrationId, by.checkedInAt);
  const ticketTypeId = typeIdOf(event, target);
  const booking = { id: target.registrationId, eventId: target.eventId, userId: target.userId };
  const message = checkedInMessage(booking, event, by.checkedInAt, {
    seatId: target.seatId,
    gate: by.gate,
    ticketTypeId,
    checkedInBy: by.callerId,
  });
  await tx.outbox.enqueue(message.topic, message.event);
  const seat: SeatCheckedIn = {
    seatId: target.seatId,
    registrationId: target.registrationId,
    eventId: target.eventId,
    holderName: target.holderName,
    ticketTypeId,
    ticketTypeName: ticketTypeName(event, target.ticketTypeId),
    seatPosition: target.position,
    gate: by.gate,
    checkedInAt: by.checkedInAt,
  };
  await tx.checkIns.notify(liveCheckIn(seat));
  return seat;
}

type Outcome =
  | { kind: "checked_in"; seat: SeatCheckedIn }
  | { kind: "void" }
  | { kind: "scanned_before"; checkedInAt: Date; gate: string | null };

/** `POST /check-ins`: one seat, by its ticket code. */
export async function scanTicket(
  deps: RegistrationDeps,
  caller: Caller,
  input: ScanInput,
): Promise<SeatCheckedIn> {
  const claims = await deps.tickets.verify(input.ticketCode);
  if (!claims) throw invalidTicket();
  const { event } = await scanAccess(deps, caller, claims.evt);
  const checkedInAt = input.scannedAt ?? new Date();
  const outcome = await deps.data.transaction(async (tx): Promise<Outcome> => {
    const target = await tx.checkIns.lockTarget(claims.sub);
    // The seat must still be the one the code names: active, in the booking `reg` (a transfer
    // moves it to another), of this event, and that booking confirmed.
    if (
      !target ||
      target.seatStatus !== "active" ||
      target.registrationId !== claims.reg ||
      target.eventId !== claims.evt ||
      target.bookingStatus !== "confirmed"
    ) {
      return { kind: "void" };
    }
    const by = { callerId: caller.id, gate: input.gate, checkedInAt, scannedAt: input.scannedAt };
    const seat = await recordSeatCheckIn(tx, event, target, by);
    if (seat) return { kind: "checked_in", seat };
    // The row that won is there: check-ins are never deleted (only with their seat).
    const first = await tx.checkIns.find(target.seatId);
    if (!first) throw new Error(`seat ${target.seatId}: a check-in conflicted but is gone`);
    return { kind: "scanned_before", checkedInAt: first.checkedInAt, gate: first.gate };
  });
  if (outcome.kind === "void") throw invalidTicket();
  if (outcome.kind === "scanned_before") {
    throw new AlreadyCheckedInError(outcome.checkedInAt, outcome.gate);
  }
  // As the code states them when this service's copies have none.
  const { seat } = outcome;
  return {
    ...seat,
    holderName: seat.holderName ?? (claims.name || null),
    ticketTypeName: seat.ticketTypeName ?? claims.ttn,
  };
}
