import { randomUUID } from "node:crypto";
import type { Repositories } from "../data/repositories";
import type { SeatTransfer } from "../data/seat-transfers";
import {
  cancelledMessage,
  confirmedMessage,
  seatsChangedMessage,
} from "../events/registration-events";
import type { RegistrationDeps } from "./deps";
import { alreadyRegistered, invalidState } from "./errors";
import type { Caller, EventFacts, Registration } from "./registration";
import {
  assertSeatChangesOpen,
  retryMoved,
  RowsMoved,
  transferClosed,
  transferNotFound,
} from "./seat-changes";

/**
 * `POST /registrations/transfers/:transfer_id/accept`: only the account whose email (in the
 * people copy) the offer names; anyone else gets 404 `transfer_not_found`, so offers cannot be
 * probed. One unit of work under the event's lock: a new confirmed booking of one seat for the
 * recipient (the sender's type, `transferred_from` the sender's booking, `direct`), the seat
 * moves into it with its hold (the ledger goes on counting it: nothing is released, so a
 * sold-out event never loses the seat), the sender's booking gives up the seat, or ends
 * `cancelled` (`seat_transferred`) when it was its last; `registration-confirmed` for the
 * recipient and, for the sender, `registration-seats-changed` (it keeps other seats) or
 * `registration-cancelled` (it ended). 409 `already_registered` when the
 * recipient already has an active booking for the event.
 */
export async function acceptTransfer(
  deps: RegistrationDeps,
  caller: Caller,
  transferId: string,
): Promise<Registration> {
  return retryMoved(
    () => acceptOnce(deps, caller, transferId),
    () => invalidState("being changed"),
  );
}

async function acceptOnce(
  deps: RegistrationDeps,
  caller: Caller,
  transferId: string,
): Promise<Registration> {
  const offers = deps.data.repos.seatTransfers;
  const [transfer, email] = await Promise.all([offers.find(transferId), offers.emailOf(caller.id)]);
  if (!transfer || email === null || transfer.email !== email.toLowerCase()) {
    throw transferNotFound();
  }
  if (transfer.status !== "offered") throw transferClosed(transfer.status);
  const [sender, event] = await Promise.all([
    deps.data.repos.registrations.find(transfer.registrationId),
    deps.data.repos.snapshots.find(transfer.eventId),
  ]);
  if (!sender || !event) throw transferNotFound();
  const now = new Date();
  assertSeatChangesOpen(caller, event, now);
  // An offer a cancel or check-in overtook: the seat is no longer the sender's to give.
  const seat = sender.seats.find((candidate) => candidate.id === transfer.seatId);
  if (sender.status !== "confirmed" || sender.checkedInAt !== null || seat?.status !== "active") {
    throw transferClosed("void");
  }
  return deps.data.transaction((tx) =>
    moveSeat(tx, { transfer, sender, event, recipientId: caller.id }, now),
  );
}

interface Move {
  transfer: SeatTransfer;
  sender: Registration;
  event: EventFacts;
  recipientId: string;
}

async function moveSeat(
  tx: Repositories,
  { transfer, sender, event, recipientId }: Move,
  now: Date,
): Promise<Registration> {
  await tx.snapshots.lock(event.eventId);
  const seats = tx.seats;
  const id = randomUUID();
  if (!(await seats.createReceived(id, sender.id, recipientId, now))) throw alreadyRegistered();
  const last = sender.quantity <= 1;
  const senderChanged = last
    ? await seats.endTransferred(sender.id, now)
    : (await seats.shrinkBooking(sender.id, "confirmed", now)) !== null;
  if (!senderChanged) throw new RowsMoved();
  if (!(await seats.move(transfer.seatId, sender.id, id))) throw new RowsMoved();
  const decided = await tx.seatTransfers.decide(transfer.id, "accepted", now, {
    userId: recipientId,
    registrationId: id,
  });
  if (!decided) throw new RowsMoved();

  const received = await tx.registrations.find(id);
  if (!received) throw new Error(`the received booking ${id} vanished`);
  const confirmed = confirmedMessage(received, event, "direct", now);
  await tx.outbox.enqueue(confirmed.topic, confirmed.event);
  const after = await tx.registrations.find(sender.id);
  if (!after) throw new Error(`the sender's booking ${sender.id} vanished`);
  const message = last
    ? cancelledMessage(
        after,
        event,
        { previousStatus: "confirmed", reason: "seat_transferred" },
        now,
      )
    : seatsChangedMessage(
        after,
        event,
        { change: "seat_transferred", seatId: transfer.seatId, reason: "seat_transferred" },
        now,
      );
  await tx.outbox.enqueue(message.topic, message.event);
  return received;
}
