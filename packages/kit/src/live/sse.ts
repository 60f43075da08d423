import type { Response } from "express";

/** One Server-Sent Events response (WHATWG HTML, "Server-sent events"). */
export interface SseConnection {
  /** `id:` + `event:` + `data:` (JSON, one line); false once the stream is closed. */
  send(id: string, event: string, data: unknown): boolean;
  /** A comment line: ignored by clients, keeps proxies and dead-peer detection busy. */
  comment(text: string): void;
  end(): void;
  isOpen(): boolean;
}

/** A client that reads slower than this much is dropped; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Starts the stream: headers at once (the client knows it is connected), a reconnection delay
 * hint, and nothing cached or buffered along the way (`X-Accel-Buffering: no` for nginx).
 */
export function openSse(res: Response, options: { retryMs: number }): SseConnection {
  res.status(200).set({
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
    Connection: "keep-alive",
  });
  res.flushHeaders();
  let open = true;
  res.on("close", () => {
    open = false;
  });

  const write = (text: string): boolean => {
    if (!open || res.writableEnded) return false;
    res.write(text);
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      connection.end();
      return false;
    }
    return true;
  };

  const connection: SseConnection = {
    // JSON.stringify never emits a raw newline, so the data fits one `data:` line.
    send: (id, event, data) =>
      write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    comment: (text) => {
      write(`: ${text.replace(/[\r\n]+/g, " ")}\n\n`);
    },
    end: () => {
      if (!open) return;
      open = false;
      res.end();
    },
    isOpen: () => open,
  };
  write(`retry: ${options.retryMs}\n: connected\n\n`);
  return connection;
}
