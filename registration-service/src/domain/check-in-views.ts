import type { ArrivalBucket, MovedSeat, RecordedCheckIn } from "../data/check-in-views";
import { scanAccess } from "./check-in-access";
import type { RegistrationDeps } from "./deps";
import type { Caller, EventFacts } from "./registration";

// What the scanner keeps for offline use and what the live view counts (docs/tickets.md,
// "State for offline scanning", "Live view"); for the organizer, an admin or a helper.

export interface CheckInState {
  event: EventFacts;
  voidSeatIds: string[];
  movedSeats: MovedSeat[];
  checkIns: RecordedCheckIn[];
  generatedAt: Date;
}

export interface TypeStats {
  id: string | null;
  name: string | null;
  confirmed: number;
  checkedIn: number;
}

export interface CheckInStats {
  confirmed: number;
  checkedIn: number;
  ticketTypes: TypeStats[];
  arrivals: ArrivalBucket[];
}

export async function checkInState(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
): Promise<CheckInState> {
  const { event } = await scanAccess(deps, caller, eventId);
  // Taken first: a scan made while the lists are read is in them or comes later on the stream.
  const generatedAt = new Date();
  const views = deps.data.repos.checkInViews;
  const [voidSeatIds, movedSeats, checkIns] = await Promise.all([
    views.voidSeatIds(eventId),
    views.movedSeats(eventId),
    views.checkIns(eventId),
  ]);
  return { event, voidSeatIds, movedSeats, checkIns, generatedAt };
}

export async function checkInStats(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
): Promise<CheckInStats> {
  const { event } = await scanAccess(deps, caller, eventId);
  const views = deps.data.repos.checkInViews;
  const [counts, arrivals] = await Promise.all([
    views.countsByType(eventId),
    views.arrivals(eventId),
  ]);
  const types = event.ticketTypes ?? [];
  // A booking made before types counts for the event's first type.
  const typeOf = (id: string | null) => id ?? types[0]?.id ?? null;
  const ticketTypes: TypeStats[] = types.map((t) => ({
    id: t.id,
    name: t.name,
    confirmed: 0,
    checkedIn: 0,
  }));
  for (const count of counts) {
    const id = typeOf(count.ticketTypeId);
    let row = ticketTypes.find((t) => t.id === id);
    if (!row) {
      row = { id, name: null, confirmed: 0, checkedIn: 0 };
      ticketTypes.push(row);
    }
    row.confirmed += count.confirmed;
    row.checkedIn += count.checkedIn;
  }
  return {
    confirmed: ticketTypes.reduce((sum, t) => sum + t.confirmed, 0),
    checkedIn: ticketTypes.reduce((sum, t) => sum + t.checkedIn, 0),
    ticketTypes,
    arrivals,
  };
}
