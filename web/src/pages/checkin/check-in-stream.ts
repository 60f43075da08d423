import { createParser } from "eventsource-parser";
import { checkInStreamPath, type ScanRecord, scanRecordSchema } from "../../api/checkin";
import { freshAccessToken } from "../../api/token-refresh";

export interface CheckInStreamHandlers {
  onScan: (scan: ScanRecord) => void;
  /** (Re)connected: anything missed while it was down should be reloaded. */
  onOpen?: () => void;
  /** The stream dropped and waits to reconnect. */
  onDown?: () => void;
}

const MAX_DELAY_MS = 15_000;

/**
 * Follows an event's live scans (`…/check-ins/stream`, Server-Sent Events) the way the
 * notification stream is followed (src/live/notification-stream.ts): `fetch` with the access
 * token in the `Authorization` header, never in a URL; `eventsource-parser` for the format;
 * reconnecting with backoff, and at once when the network comes back. Returns a function that
 * closes it.
 */
export function followCheckIns(eventId: string, handlers: CheckInStreamHandlers): () => void {
  let connection: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let failures = 0;

  const schedule = () => {
    if (stopped) return;
    handlers.onDown?.();
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** failures);
    failures += 1;
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), delay);
  };

  const parser = createParser({
    onEvent: (message) => {
      if (message.event !== "check-in") return;
      try {
        const scan = scanRecordSchema.safeParse(JSON.parse(message.data));
        if (scan.success) handlers.onScan(scan.data);
      } catch {
        // A message this version cannot read is skipped; the state reload still counts it.
      }
    },
  });

  async function connect(): Promise<void> {
    connection?.abort();
    connection = undefined;
    const token = await freshAccessToken().catch(() => null);
    if (stopped) return;
    if (!token) {
      schedule();
      return;
    }
    const abort = new AbortController();
    connection = abort;
    try {
      const response = await fetch(checkInStreamPath(eventId), {
        headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
        cache: "no-store",
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        void response.body?.cancel();
        schedule();
        return;
      }
      failures = 0;
      parser.reset();
      handlers.onOpen?.();
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Dropped, refused or closed: reconnect below unless stopped.
    }
    if (connection === abort) schedule();
  }

  const reconnectNow = () => {
    failures = 0;
    clearTimeout(timer);
    void connect();
  };
  window.addEventListener("online", reconnectNow);
  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener("online", reconnectNow);
    connection?.abort();
  };
}
