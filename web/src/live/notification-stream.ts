import { parseNotification, type TurnoutNotification } from "../api/notifications";
import { freshAccessToken } from "../api/token-refresh";

export interface StreamHandlers {
  onNotification: (notification: TurnoutNotification) => void;
  /** The stream is (re)connected: anything missed while it was down should be reloaded. */
  onOpen?: () => void;
}

const MAX_DELAY_MS = 30_000;

/**
 * Follows `GET /api/v1/notifications/stream` with EventSource. EventSource cannot send headers,
 * so the access token goes in the query; the server ends the stream when that token expires.
 * EventSource would then reconnect with the same stale URL, so this reconnects by itself
 * instead: with a fresh token and the last id seen (`last_event_id`), backing off on failures.
 * Returns a function that closes it.
 */
export function followNotifications(handlers: StreamHandlers): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let failures = 0;
  let lastId: string | undefined;

  const schedule = () => {
    if (stopped) return;
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** failures);
    failures += 1;
    timer = setTimeout(() => void connect(), delay);
  };

  async function connect(): Promise<void> {
    let token: string | null;
    try {
      token = await freshAccessToken();
    } catch {
      schedule();
      return;
    }
    if (stopped || !token) return;
    const params = new URLSearchParams({ access_token: token });
    if (lastId) params.set("last_event_id", lastId);
    const stream = new EventSource(`/api/v1/notifications/stream?${params.toString()}`);
    source = stream;
    stream.addEventListener("open", () => {
      failures = 0;
      handlers.onOpen?.();
    });
    stream.addEventListener("notification", (event: MessageEvent<string>) => {
      if (event.lastEventId) lastId = event.lastEventId;
      try {
        handlers.onNotification(parseNotification(JSON.parse(event.data)));
      } catch {
        // A message this version cannot read is skipped; the inbox page still lists it.
      }
    });
    stream.addEventListener("error", () => {
      stream.close();
      if (source === stream) source = undefined;
      schedule();
    });
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
