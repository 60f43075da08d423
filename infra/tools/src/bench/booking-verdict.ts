// What a storm of party bookings must leave behind (docs/booking-model.md), checked from the
// outside: the organizer's event read (the ledger's counts) and attendee list (the bookings).
// Shared by the booking-storm proof test and `npm run bench -- bookings`.

export interface TypeCount {
  id: string;
  quota: number;
  seats_taken: number;
}

export interface Ledger {
  capacity: number;
  seats_taken: number;
  ticket_types: TypeCount[];
}

export interface Booking {
  id: string;
  ticket_type_id: string;
  quantity: number;
  status: string;
  /** 1 = first in line; null unless waitlisted. */
  waitlist_position: number | null;
}

const HOLDING = new Set(["confirmed", "pending"]);

const seatsHeld = (bookings: Booking[], typeId?: string) =>
  bookings
    .filter((b) => HOLDING.has(b.status) && (typeId === undefined || b.ticket_type_id === typeId))
    .reduce((sum, b) => sum + b.quantity, 0);

/** Free seats of a type: what its quota and the event's capacity both still allow. */
export function freeSeats(ledger: Ledger, typeId: string): number {
  const type = ledger.ticket_types.find((t) => t.id === typeId);
  if (!type) return 0;
  return Math.min(type.quota - type.seats_taken, ledger.capacity - ledger.seats_taken);
}

/** The waitlist in line order. */
export const waitlistOf = (bookings: Booking[]): Booking[] =>
  bookings
    .filter((b) => b.status === "waitlisted")
    .sort((a, b) => (a.waitlist_position ?? 0) - (b.waitlist_position ?? 0));

/**
 * Every way the state can be wrong, in words (none: it is right): the ledger counts exactly the
 * seats of holding bookings, per type and in total, within each quota and the capacity; every
 * booking holds seats or waits (`allowed` statuses); and nothing waiting would fit in the seats
 * left free — the waitlist holds exactly what did not fit.
 */
export function bookingProblems(
  ledger: Ledger,
  bookings: Booking[],
  allowed: readonly string[] = ["confirmed", "waitlisted"],
): string[] {
  const problems: string[] = [];
  if (ledger.seats_taken > ledger.capacity)
    problems.push(`event oversold: ${ledger.seats_taken} > ${ledger.capacity}`);
  if (seatsHeld(bookings) !== ledger.seats_taken)
    problems.push(
      `bookings hold ${seatsHeld(bookings)} seats, the ledger counts ${ledger.seats_taken}`,
    );
  for (const type of ledger.ticket_types) {
    if (type.seats_taken > type.quota)
      problems.push(`type ${type.id} oversold: ${type.seats_taken} > ${type.quota}`);
    const held = seatsHeld(bookings, type.id);
    if (held !== type.seats_taken)
      problems.push(
        `type ${type.id}: bookings hold ${held}, the ledger counts ${type.seats_taken}`,
      );
  }
  const odd = bookings.filter((b) => !allowed.includes(b.status));
  if (odd.length > 0)
    problems.push(
      `${odd.length} bookings are ${[...new Set(odd.map((b) => b.status))].join(", ")}`,
    );
  const fits = waitlistOf(bookings).filter(
    (b) => b.quantity <= freeSeats(ledger, b.ticket_type_id),
  );
  if (fits.length > 0)
    problems.push(
      `${fits.length} waiting bookings would fit in the free seats (first: ${fits[0]?.id})`,
    );
  return problems;
}

/**
 * Who the promotion rule ("the earliest entry that fits") promotes from `waitlist` (in line
 * order) into the free seats of `ledger`, in order.
 */
export function expectedPromotions(ledger: Ledger, waitlist: Booking[]): string[] {
  const state: Ledger = {
    ...ledger,
    ticket_types: ledger.ticket_types.map((t) => ({ ...t })),
  };
  const waiting = [...waitlist];
  const promoted: string[] = [];
  for (;;) {
    const index = waiting.findIndex((b) => b.quantity <= freeSeats(state, b.ticket_type_id));
    if (index < 0) return promoted;
    const [booking] = waiting.splice(index, 1);
    if (!booking) return promoted;
    promoted.push(booking.id);
    state.seats_taken += booking.quantity;
    const type = state.ticket_types.find((t) => t.id === booking.ticket_type_id);
    if (type) type.seats_taken += booking.quantity;
  }
}
