import { randomUUID } from "node:crypto";
import type { SeatTransfer } from "../data/seat-transfers";
import { visibleRegistration } from "./access";
import type { RegistrationDeps } from "./deps";
import { alreadyCancelled, invalidState } from "./errors";
import { canManage, type Caller } from "./registration";
import {
  activeSeat,
  assertSeatChangesOpen,
  transferClosed,
  transferNotFound,
  transferPending,
  transferToSelf,
} from "./seat-changes";

/** A transfer as clients see it (README, "Seat transfers"). */
export interface TransferView {
  id: string;
  registration_id: string;
  seat_id: string;
  event_id: string;
  email: string;
  status: SeatTransfer["status"];
  attendee_name: string | null;
  created_at: string;
}

export const toTransferView = (transfer: SeatTransfer): TransferView => ({
  id: transfer.id,
  registration_id: transfer.registrationId,
  seat_id: transfer.seatId,
  event_id: transfer.eventId,
  email: transfer.email,
  status: transfer.status,
  attendee_name: transfer.attendeeName,
  created_at: transfer.createdAt.toISOString(),
});

const sameEmail = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * `POST /registrations/:id/seats/:seat_id/transfer {email}`: the attendee, the event's
 * organizer or an admin offers an active seat of a confirmed booking to whoever holds the
 * account with that email. One open offer per seat (409 `transfer_pending`); the booking's own
 * account's email is 422 `transfer_to_self`. Nothing moves until the recipient accepts.
 */
export async function offerSeat(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
  seatId: string,
  email: string,
): Promise<SeatTransfer> {
  const { registration, event } = await visibleRegistration(deps, caller, id);
  if (registration.status === "cancelled") throw alreadyCancelled();
  if (registration.status !== "confirmed") throw invalidState(registration.status);
  if (registration.checkedInAt !== null) throw invalidState("checked in");
  const now = new Date();
  assertSeatChangesOpen(caller, event, now);
  const seat = activeSeat(registration, seatId);
  const transfers = deps.data.repos.seatTransfers;
  const ownEmail = await transfers.emailOf(registration.userId);
  if (ownEmail !== null && sameEmail(ownEmail, email)) throw transferToSelf();
  const offered = await transfers.offer({
    id: randomUUID(),
    seatId: seat.id,
    registrationId: registration.id,
    eventId: registration.eventId,
    fromUserId: caller.id,
    email,
    now,
  });
  if (!offered) throw transferPending();
  return offered;
}

/** `GET /registrations/transfers`: open offers to the caller's account email. */
export async function listIncomingTransfers(
  deps: RegistrationDeps,
  caller: Caller,
): Promise<SeatTransfer[]> {
  const transfers = deps.data.repos.seatTransfers;
  const email = await transfers.emailOf(caller.id);
  return email === null ? [] : transfers.listOpenFor(email);
}

/**
 * `DELETE /registrations/transfers/:transfer_id`: the booking's attendee (or whoever made the
 * offer), the event's organizer or an admin withdraws an open offer. Anyone else: 404.
 */
export async function withdrawTransfer(
  deps: RegistrationDeps,
  caller: Caller,
  transferId: string,
): Promise<SeatTransfer> {
  const transfers = deps.data.repos.seatTransfers;
  const transfer = await transfers.find(transferId);
  if (!transfer) throw transferNotFound();
  const registration = await deps.data.repos.registrations.find(transfer.registrationId);
  const event = await deps.data.repos.snapshots.find(transfer.eventId);
  const allowed =
    transfer.fromUserId === caller.id ||
    registration?.userId === caller.id ||
    (event !== null && canManage(caller, event));
  if (!allowed) throw transferNotFound();
  if (transfer.status !== "offered") throw transferClosed(transfer.status);
  const withdrawn = await transfers.decide(transfer.id, "withdrawn", new Date());
  if (!withdrawn) throw transferClosed((await transfers.find(transferId))?.status ?? "decided");
  return withdrawn;
}
