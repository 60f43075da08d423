import { type ScanRecord, sendScan } from "../api/checkin";
import { conflictMessage, type Conflict } from "../pages/checkin/scan-outcomes";
import { dequeue, loadQueue, type QueuedScan } from "./scanner-store";

export interface SyncReport {
  /** Scans the service took. */
  sent: ScanRecord[];
  /** Scans it refused: the same ticket at another gate first, or void by now. */
  conflicts: Conflict[];
}

/** A 409 naming this very scan (sent before, its reply lost) is no conflict. */
const isOwn = (scan: QueuedScan, first: { gate: string | null; checkedInAt: string | null }) =>
  first.gate === (scan.gate ?? null) &&
  first.checkedInAt !== null &&
  Math.abs(Date.parse(first.checkedInAt) - Date.parse(scan.scanned_at)) < 1_000;

/**
 * Sends an event's queued scans in the order they were read, each with its `scanned_at`, and
 * drops every one the service answered. It stops at the first that gets no answer (still
 * offline, signed out): that one and the rest wait for the next try.
 */
export async function syncQueue(eventId: string): Promise<SyncReport> {
  const report: SyncReport = { sent: [], conflicts: [] };
  const settled = new Set<string>();
  for (const scan of await loadQueue(eventId)) {
    const outcome = await sendScan({
      ticket_code: scan.ticket_code,
      scanned_at: scan.scanned_at,
      ...(scan.gate ? { gate: scan.gate } : {}),
    });
    if (outcome.kind === "unreachable") break;
    settled.add(scan.seat_id);
    const holder = scan.holder ?? "A ticket";
    if (outcome.kind === "ok") report.sent.push(outcome.record);
    else if (outcome.kind === "already") {
      if (isOwn(scan, outcome)) continue;
      const ours = { gate: scan.gate ?? null, at: scan.scanned_at };
      const message = conflictMessage({ gate: outcome.gate, at: outcome.checkedInAt }, ours);
      report.conflicts.push({ seatId: scan.seat_id, holder, message });
    } else {
      const message = `Refused when synced: ${outcome.detail || "the ticket is not valid."}`;
      report.conflicts.push({ seatId: scan.seat_id, holder, message });
    }
  }
  if (settled.size > 0) await dequeue(eventId, settled);
  return report;
}
