import type { JwkSet } from "../../api/checkin";
import { verifyTicket, type VerifiedTicket } from "../../offline/verify-ticket";
import { alreadyScanned, type ScanResult, type SeenScan } from "./scan-outcomes";

export type Answer = Omit<ScanResult, "serial">;

/**
 * What the device alone can tell about a code, with no network: its signature and event
 * (against the cached keys), whether its seat is void or was given away to another booking
 * (`moved`: seat → the booking holding it now), and whether it was scanned already (by this
 * device or by a gate whose scan has reached it). Answers the ticket, or why it is refused.
 */
export async function checkOnDevice(
  code: string,
  eventId: string,
  keys: JwkSet | undefined,
  known: {
    voided: ReadonlySet<string>;
    moved: ReadonlyMap<string, string>;
    seen: ReadonlyMap<string, SeenScan>;
  },
): Promise<{ ticket: VerifiedTicket; holder: string } | { refused: Answer }> {
  if (!keys) {
    const detail = "The ticket keys are not on this device yet. Open the scanner once online.";
    return { refused: { tone: "refused", title: "Not ready", detail } };
  }
  const verified = await verifyTicket(code, keys, eventId);
  if (!verified.ok) {
    return { refused: { tone: "refused", title: "Refused", detail: verified.message } };
  }
  const ticket = verified.ticket;
  const who = { holder: ticket.holderName || "Unnamed", ticketType: ticket.ticketTypeName };
  const holder = known.moved.get(ticket.seatId);
  if (known.voided.has(ticket.seatId) || (holder && holder !== ticket.registrationId)) {
    const detail = "This seat was cancelled or passed on to someone else.";
    return { refused: { tone: "refused", title: "Refused: void ticket", ...who, detail } };
  }
  const before = known.seen.get(ticket.seatId);
  if (before) {
    const detail = alreadyScanned(before);
    return { refused: { tone: "refused", title: "Refused: already scanned", ...who, detail } };
  }
  return { ticket, holder: who.holder };
}
