import { forbidden } from "@turnout/kit";
import { managedEvent } from "./access";
import type { RegistrationDeps } from "./deps";
import { canManage, isOrganizer, type Caller, type EventFacts } from "./registration";

// Who may scan for an event (docs/tickets.md, "Check-in helpers"): its organizer, an admin, or
// a helper the organizer named for it. The one check behind scanning, the offline state, the
// live stream and the stats; read on every request, so a revoked helper is refused at once.

export type ScanRole = "organizer" | "admin" | "helper";

export const scanNotAllowed = () =>
  forbidden(
    "forbidden",
    "Only the event's organizer, an admin or a check-in helper of the event may do this.",
  );

export interface ScanAccess {
  event: EventFacts;
  role: ScanRole;
}

const managerRole = (caller: Caller, event: EventFacts): ScanRole =>
  isOrganizer(caller) && event.organizerId === caller.id ? "organizer" : "admin";

/** The event if the caller may scan for it; 403 otherwise (404 for an event that is not). */
export async function scanAccess(
  deps: RegistrationDeps,
  caller: Caller,
  eventId: string,
): Promise<ScanAccess> {
  const snapshot = await deps.data.repos.snapshots.find(eventId);
  if (!snapshot) {
    // No copy yet: no bookings and no helpers (naming one stores the copy). Only the organizer
    // or an admin may look; managedEvent reads the event from the event service.
    const event = await managedEvent(deps, caller, eventId);
    return { event, role: managerRole(caller, event) };
  }
  if (canManage(caller, snapshot)) return { event: snapshot, role: managerRole(caller, snapshot) };
  if (await deps.data.repos.checkInHelpers.isHelper(eventId, caller.id)) {
    return { event: snapshot, role: "helper" };
  }
  throw scanNotAllowed();
}
