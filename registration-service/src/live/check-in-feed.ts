import { z } from "zod";
import { createPgListener, type Logger, type PgListener, type ReadinessCheck } from "@turnout/kit";
import type { Pool } from "pg";

// The live check-in view across replicas (docs/tickets.md, "Live view"): every check-in
// transaction NOTIFYs `<schema>_check_ins` with the scan; every replica LISTENs and pushes it to
// the streams it holds for that event.

const checkInEventSchema = z.object({
  event_id: z.uuid(),
  seat_id: z.uuid(),
  registration_id: z.uuid(),
  holder_name: z.string().nullable(),
  ticket_type_id: z.uuid().nullable(),
  ticket_type_name: z.string().nullable(),
  gate: z.string().nullable(),
  checked_in_at: z.string(),
});

/** A stream's `check-in` event (the NOTIFY payload without its routing `event_id`). */
export type LiveCheckIn = Omit<z.infer<typeof checkInEventSchema>, "event_id">;

export interface CheckInSink {
  push(checkIn: LiveCheckIn): void;
  /** Ends the stream (shutdown, a lost LISTEN connection); the client reconnects and reloads. */
  end(): void;
}

export interface CheckInFeed {
  /** Registers a stream of `eventId`; returns the function that unregisters it. */
  subscribe(eventId: string, sink: CheckInSink): () => void;
  start(): Promise<void>;
  /** Ends every stream, then the LISTEN connection. */
  stop(): Promise<void>;
  /** Not ready while the LISTEN connection is down: this replica's streams would miss scans. */
  readiness: ReadinessCheck;
  listener: PgListener;
}

export const CHECK_INS_CHANNEL = "check_ins";

export function createCheckInFeed(options: { pool: Pool; logger: Logger }): CheckInFeed {
  const byEvent = new Map<string, Set<CheckInSink>>();
  let connectedBefore = false;

  const endAll = () => {
    const all = [...byEvent.values()].flatMap((sinks) => [...sinks]);
    byEvent.clear();
    for (const sink of all) sink.end();
  };

  const listener = createPgListener({
    pool: options.pool,
    channels: [CHECK_INS_CHANNEL],
    logger: options.logger,
    onNotification: (_channel, payload) => {
      let parsed: z.infer<typeof checkInEventSchema>;
      try {
        parsed = checkInEventSchema.parse(JSON.parse(payload));
      } catch {
        options.logger.warn("ignoring a malformed check-in NOTIFY payload");
        return;
      }
      const { event_id: eventId, ...checkIn } = parsed;
      for (const sink of byEvent.get(eventId) ?? []) sink.push(checkIn);
    },
    // Scans made while the connection was down were not heard: the streams end, and their
    // clients reconnect and reload the state, which has them.
    onReconnect: () => {
      if (connectedBefore) endAll();
      connectedBefore = true;
    },
  });

  return {
    subscribe(eventId, sink) {
      const sinks = byEvent.get(eventId) ?? new Set<CheckInSink>();
      sinks.add(sink);
      byEvent.set(eventId, sinks);
      return () => {
        sinks.delete(sink);
        if (sinks.size === 0 && byEvent.get(eventId) === sinks) byEvent.delete(eventId);
      };
    },
    start: () => listener.start(),
    async stop() {
      endAll();
      await listener.stop();
    },
    readiness: {
      name: "check-in-feed",
      check: () =>
        listener.connected()
          ? Promise.resolve()
          : Promise.reject(new Error("the LISTEN connection is down")),
    },
    listener,
  };
}
