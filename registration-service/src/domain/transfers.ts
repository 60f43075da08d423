import { randomUUID } from "node:crypto";
import { tooManyRequests } from "@turnout/kit";
import type { OfferLimits } from "../config";
import type { SeatTransfer, SenderOffers } from "../data/seat-transfers";
import { seatOfferedMessage } from "../events/registration-events";
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

const HOUR_MS = 3_600_000;

/**
 * Every offer mails its address, so one account may have at most `maxOpenPerUser` offers open
 * and make at most `maxPerHour` in any hour (429 `too_many_offers`, with `Retry-After`).
 */
export function assertOfferAllowed(counts: SenderOffers, limits: OfferLimits, now: Date): void {
  if (counts.open >= limits.maxOpenPerUser) {
    throw tooManyRequests(
      HOUR_MS / 1000,
      "too_many_offers",
      `You have ${counts.open} open seat offers, the most one account may have; withdraw one ` +
        "or wait until one is accepted.",
    );
  }
  if (counts.recent >= limits.maxPerHour) {
    const freesAt = (counts.oldestRecent ?? now).getTime() + HOUR_MS;
    throw tooManyRequests(
      (freesAt - now.getTime()) / 1000,
      "too_many_offers",
      `You made ${counts.recent} seat offers in the last hour, the most one account may make; ` +
        "retry later.",
    );
  }
}

/**
 * `POST /registrations/:id/seats/:seat_id/transfer {email}`: the attendee, the event's
 * organizer or an admin offers an active seat of a confirmed booking to whoever holds the
 * account with that email. One open offer per seat (409 `transfer_pending`); the booking's own
 * account's email is 422 `transfer_to_self`; the caller's offer limits (429 `too_many_offers`).
 * The offer and its `seat-offered` message (the address is told) are one unit of work. Nothing
 * moves until the recipient accepts.
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
  const { repos } = deps.data;
  const [ownEmail, sender] = await Promise.all([
    repos.seatTransfers.emailOf(registration.userId),
    repos.people.find(caller.id),
  ]);
  if (ownEmail !== null && sameEmail(ownEmail, email)) throw transferToSelf();
  const offered = await deps.data.transaction(async (tx) => {
    await tx.seatTransfers.lockSender(caller.id);
    const counts = await tx.seatTransfers.senderCounts(
      caller.id,
      new Date(now.getTime() - HOUR_MS),
    );
    assertOfferAllowed(counts, deps.settings.offerLimits, now);
    const transfer = await tx.seatTransfers.offer({
      id: randomUUID(),
      seatId: seat.id,
      registrationId: registration.id,
      eventId: registration.eventId,
      fromUserId: caller.id,
      email,
      now,
    });
    if (!transfer) return null;
    const message = seatOfferedMessage(
      transfer,
      event,
      { ticketTypeId: registration.ticketTypeId, fromDisplayName: sender?.displayName ?? null },
      now,
    );
    await tx.outbox.enqueue(message.topic, message.event);
    return transfer;
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
