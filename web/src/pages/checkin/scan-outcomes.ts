import type { ScanRecord } from "../../api/checkin";
import { formatMoment } from "../../format";

/** The big answer the scanner shows for the last code it read. */
export interface ScanResult {
  tone: "ok" | "refused";
  title: string;
  holder?: string;
  ticketType?: string;
  detail: string;
  /** Bumps on every scan, so the same answer twice still announces itself. */
  serial: number;
}

/** A scan the service refused while syncing: two gates had the same ticket, or it was void. */
export interface Conflict {
  seatId: string;
  holder: string;
  message: string;
}

/** A row of the recent scans list: this device's scans and every other gate's. */
export interface RecentScan {
  seatId: string;
  holder: string;
  ticketType: string;
  gate: string | null;
  at: string;
  /** Waiting on this device for the network. */
  queued?: boolean;
}

export interface SeenScan {
  at: string;
  gate: string | null;
  /** Read by this device (still queued or sent), rather than learned from the service. */
  here?: boolean;
}

export const RECENT_LIMIT = 25;

/** A time of day in the reader's zone. */
export const timeOf = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
};

export const gateName = (gate: string | null | undefined) => (gate ? gate : "a gate with no name");

/** "Already scanned at North door at 18:02:11", or "…on this device…". */
export function alreadyScanned(seen: SeenScan): string {
  const where = seen.here ? "on this device" : `at ${gateName(seen.gate)}`;
  return `Already scanned ${where} at ${timeOf(seen.at)} (${formatMoment(seen.at)}).`;
}

/** The conflict line of a queued scan the service had from another gate first. */
export function conflictMessage(
  theirs: { gate: string | null; at: string | null },
  ours: { gate: string | null; at: string },
): string {
  const first = theirs.at
    ? `${gateName(theirs.gate)} (${timeOf(theirs.at)})`
    : gateName(theirs.gate);
  return `Conflict: scanned at ${first} and at ${gateName(ours.gate)} (${timeOf(ours.at)}). The first scan counts.`;
}

export const recentFrom = (scan: ScanRecord): RecentScan => ({
  seatId: scan.seat_id,
  holder: scan.holder_name ?? "Someone",
  ticketType: scan.ticket_type_name ?? "",
  gate: scan.gate,
  at: scan.checked_in_at,
});

/** Puts a scan at the top of the list, once per seat. */
export const withRecent = (list: RecentScan[], scan: RecentScan): RecentScan[] =>
  [scan, ...list.filter((r) => r.seatId !== scan.seatId)].slice(0, RECENT_LIMIT);
