import { createParser } from "eventsource-parser";
import { parseNotification, type TurnoutNotification } from "../api/notifications";
import { freshAccessToken } from "../api/token-refresh";

export interface StreamHandlers {
  onNotification: (notification: TurnoutNotification) => void;
  /** The stream is (re)connected: anything missed while it was down should be reloaded. */
  onOpen?: () => void;
}

export const STREAM_PATH = "/api/v1/notifications/stream";
const MAX_DELAY_MS = 30_000;

/** Seconds of a `Retry-After` header (the stream's 429), if it has a usable one. */
function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/**
 * Follows `GET /api/v1/notifications/stream` with `fetch`, so the access token travels in the
 * `Authorization` header and never in a URL (the server refuses `?access_token=`); EventSource
 * cannot send headers. The bytes are parsed by `eventsource-parser` (the WHATWG event-stream
 * format). The server ends a stream when its token expires or is revoked; this then reconnects
 * with the freshest access token and the last id seen (`Last-Event-ID`), backing off on
 * failures and waiting `Retry-After` when the account already holds the most streams (429).
 * Returns a function that closes it.
 */
export function followNotifications(handlers: StreamHandlers): () => void {
  let connection: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let failures = 0;
  let lastId: string | undefined;

  const schedule = (atLeastMs = 0) => {
    if (stopped) return;
    const delay = Math.max(atLeastMs, Math.min(MAX_DELAY_MS, 1000 * 2 ** failures));
    failures += 1;
    timer = setTimeout(() => void connect(), delay);
  };

  const parser = createParser({
    onEvent: (message) => {
      if (message.id) lastId = message.id;
      if (message.event !== "notification") return;
      try {
        handlers.onNotification(parseNotification(JSON.parse(message.data)));
      } catch {
        // A message this version cannot read is skipped; the inbox page still lists it.
      }
    },
  });

  async function read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Dropped or closed: the caller decides whether to reconnect.
    }
  }

  async function connect(): Promise<void> {
    let token: string | null;
    try {
      token = await freshAccessToken();
    } catch {
      schedule();
      return;
    }
    if (stopped || !token) return;
    const abort = new AbortController();
    connection = abort;
    let response: Response;
    try {
      response = await fetch(STREAM_PATH, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "text/event-stream",
          ...(lastId ? { "Last-Event-ID": lastId } : {}),
        },
        cache: "no-store",
        signal: abort.signal,
      });
    } catch {
      schedule();
      return;
    }
    if (!response.ok || !response.body) {
      void response.body?.cancel();
      schedule(response.status === 429 ? retryAfterMs(response) : 0);
      return;
    }
    failures = 0;
    parser.reset();
    handlers.onOpen?.();
    await read(response.body);
    // The server ended it (expired or revoked token, a replica stopping) or it dropped.
    schedule();
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    connection?.abort();
  };
}
