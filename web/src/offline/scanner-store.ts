import { createStore, get, set, update } from "idb-keyval";
import type { CheckInState, JwkSet, ScanInput } from "../api/checkin";

/**
 * What the scanner keeps on the device, in IndexedDB (one small store of its own): the ticket
 * key set, each event's check-in state, and the scans waiting to be sent. Nothing secret: the
 * keys are public, the state names seats (no people), and a queued scan is the code its QR holds.
 */
const store = typeof indexedDB === "undefined" ? undefined : createStore("turnout-scanner", "kv");

/** At most this many scans wait per event; past it the scanner refuses to queue more. */
export const MAX_QUEUED = 2_000;

export interface QueuedScan extends Required<Pick<ScanInput, "ticket_code" | "scanned_at">> {
  gate?: string;
  /** The seat, so the scanner can refuse a second scan of it while the first waits. */
  seat_id: string;
  /** The holder's name from the code, for the conflict report. */
  holder?: string;
}

const keysKey = "ticket-keys";
const stateKey = (eventId: string) => `state:${eventId}`;
const queueKey = (eventId: string) => `queue:${eventId}`;

async function read<T>(key: string): Promise<T | undefined> {
  if (!store) return undefined;
  try {
    return await get<T>(key, store);
  } catch {
    return undefined;
  }
}

export const loadKeys = () => read<JwkSet>(keysKey);
export const saveKeys = (keys: JwkSet) => (store ? set(keysKey, keys, store) : Promise.resolve());

export const loadState = (eventId: string) => read<CheckInState>(stateKey(eventId));
export const saveState = (eventId: string, state: CheckInState) =>
  store ? set(stateKey(eventId), state, store) : Promise.resolve();

export const loadQueue = async (eventId: string) =>
  (await read<QueuedScan[]>(queueKey(eventId))) ?? [];

/** Adds a scan to the event's queue; false when the queue is full. */
export async function enqueue(eventId: string, scan: QueuedScan): Promise<boolean> {
  if (!store) return false;
  let added = false;
  await update<QueuedScan[]>(
    queueKey(eventId),
    (queue = []) => {
      if (queue.length >= MAX_QUEUED) return queue;
      added = true;
      return [...queue, scan];
    },
    store,
  );
  return added;
}

/** Drops the scans of these seats from the queue (sent, or answered for good). */
export async function dequeue(eventId: string, seatIds: ReadonlySet<string>): Promise<void> {
  if (!store) return;
  await update<QueuedScan[]>(
    queueKey(eventId),
    (queue = []) => queue.filter((scan) => !seatIds.has(scan.seat_id)),
    store,
  );
}

/** The gate name this device scans at, remembered across visits (not secret). */
const GATE_KEY = "turnout.scanner.gate";
export function loadGate(): string {
  try {
    return localStorage.getItem(GATE_KEY) ?? "";
  } catch {
    return "";
  }
}
export function saveGate(gate: string): void {
  try {
    localStorage.setItem(GATE_KEY, gate);
  } catch {
    // storage denied: the gate is asked again next time
  }
}
