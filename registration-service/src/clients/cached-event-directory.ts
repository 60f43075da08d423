import type { BookableEvent } from "../domain/booking-rules";
import type { EventDirectory } from "../domain/seat-ledger";

/** Enough for every event with sign-ups in flight at once; the oldest entries go first. */
const MAX_ENTRIES = 1000;

/**
 * Reads of one event within `maxAgeMs` share one request to the event service (and concurrent
 * reads share the one in flight), so a burst of sign-ups for one event costs one read instead of
 * one each. Only a cache of the event service's answer: the seat ledger, which every sign-up
 * still asks, has the last word on whether the event takes registrations. Failures are not kept.
 */
export function cachedEventDirectory(inner: EventDirectory, maxAgeMs: number): EventDirectory {
  const entries = new Map<string, { at: number; value: Promise<BookableEvent | null> }>();
  return {
    getEvent(eventId) {
      const now = Date.now();
      const hit = entries.get(eventId);
      if (hit && now - hit.at < maxAgeMs) return hit.value;
      const value = inner.getEvent(eventId);
      entries.delete(eventId);
      entries.set(eventId, { at: now, value });
      value.catch(() => {
        if (entries.get(eventId)?.value === value) entries.delete(eventId);
      });
      if (entries.size > MAX_ENTRIES) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return value;
    },
  };
}
