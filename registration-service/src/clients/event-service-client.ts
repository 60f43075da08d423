import { Agent, request } from "undici";
import type { z } from "zod";
import { getContext, type ServiceTokenClient } from "@turnout/kit";
import {
  PeerUnavailableError,
  TYPE_REFUSALS,
  type EventDirectory,
  type HoldRequest,
  type ReserveOutcome,
  type SeatLedger,
  type TypeRefusal,
} from "../domain/seat-ledger";
import { concurrencyLimit } from "./concurrency-limit";
import {
  availabilityReply,
  eventReply,
  problemReply,
  reservationReply,
  toAvailability,
  toBookableEvent,
} from "./event-service-replies";

export interface EventServiceClientOptions {
  /** `EVENT_SERVICE_URL`. */
  baseUrl: string;
  /** Service tokens for the audience `event-service`. */
  tokens: ServiceTokenClient;
  /** Per call; past it the call counts as unavailable. */
  timeoutMs: number;
  /** Calls in flight at once; more wait their turn (the timeout starts when a call is sent). */
  maxConcurrent: number;
}

/** The reserve body: only what the hold asks beyond the ledger's defaults (one seat, first type). */
function holdBody(holdId: string, hold: HoldRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { registration_id: holdId };
  if (hold.ticketTypeId) body.ticket_type_id = hold.ticketTypeId;
  if (hold.quantity !== undefined && hold.quantity !== 1) body.quantity = hold.quantity;
  if (hold.accessCode !== undefined) body.access_code = hold.accessCode;
  else if (hold.accessCodeSha256 !== undefined) body.access_code_sha256 = hold.accessCodeSha256;
  if (hold.bookedAt !== undefined) body.booked_at = hold.bookedAt.toISOString();
  return body;
}

const isTypeRefusal = (code: string | undefined): code is TypeRefusal =>
  (TYPE_REFUSALS as readonly (string | undefined)[]).includes(code);

/**
 * HTTP client of the event service: the internal event read and seat ledger (with a service
 * token). Anything but a documented answer (network error, timeout, 5xx, a reply that
 * does not parse) is a {@link PeerUnavailableError}: the caller cannot know what happened.
 */
export function createEventServiceClient(
  options: EventServiceClientOptions,
): SeatLedger & EventDirectory {
  const base = options.baseUrl.replace(/\/+$/, "");
  const limit = concurrencyLimit(options.maxConcurrent);
  // Kept-alive connections, as many as calls may be in flight: a sign-up's ledger call reuses
  // one instead of opening a connection (undici's request, without fetch's stream machinery).
  const agent = new Agent({ connections: options.maxConcurrent, keepAliveTimeout: 4_000 });

  async function call(
    method: "GET" | "POST" | "DELETE",
    path: string,
    init: { body?: unknown; serviceToken?: boolean } = {},
  ): Promise<{ status: number; body: unknown }> {
    const context = getContext();
    const headers: Record<string, string> = { Accept: "application/json" };
    if (context?.requestId) headers["X-Request-Id"] = context.requestId;
    if (context?.traceparent) headers.traceparent = context.traceparent;
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    try {
      if (init.serviceToken) headers.Authorization = `Bearer ${await options.tokens.token()}`;
      const { res, text } = await limit(async () => {
        const reply = await request(`${base}${path}`, {
          dispatcher: agent,
          method,
          headers,
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        return { res: { status: reply.statusCode }, text: await reply.body.text() };
      });
      let body: unknown = undefined;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (res.status >= 500) {
        throw new PeerUnavailableError(`event service answered ${res.status} to ${method} ${path}`);
      }
      return { status: res.status, body };
    } catch (error) {
      if (error instanceof PeerUnavailableError) throw error;
      throw new PeerUnavailableError(`event service unreachable (${method} ${path})`, {
        cause: error,
      });
    }
  }

  const unexpected = (what: string, status: number, body: unknown) =>
    new PeerUnavailableError(
      `unexpected event service reply to ${what}: ${status} ${problemReply.safeParse(body).data?.code ?? ""}`,
    );

  const parse = <T>(schema: z.ZodType<T>, what: string, status: number, body: unknown): T => {
    const result = schema.safeParse(body);
    if (!result.success) throw unexpected(what, status, body);
    return result.data;
  };

  const codeOf = (body: unknown) => problemReply.safeParse(body).data?.code;
  // A 404 from a route that does not exist (an event service without it) is no answer at all.
  const eventUnknown = (status: number, body: unknown) =>
    status === 404 && codeOf(body) === "event_not_found";

  return {
    async getEvent(eventId) {
      let { status, body } = await call("GET", `/internal/events/${eventId}`, {
        serviceToken: true,
      });
      // An event service without the internal read: the public one (no hidden types).
      if (status === 404 && !eventUnknown(status, body)) {
        ({ status, body } = await call("GET", `/api/v1/events/${eventId}`));
      }
      if (status === 404) return null;
      if (status !== 200) throw unexpected("get event", status, body);
      return toBookableEvent(parse(eventReply, "get event", status, body));
    },

    async reserve(eventId, holdId, hold = {}): Promise<ReserveOutcome> {
      const { status, body } = await call("POST", `/internal/events/${eventId}/reservations`, {
        body: holdBody(holdId, hold),
        serviceToken: true,
      });
      if (status === 200 || status === 201) {
        return {
          kind: "held",
          event: toBookableEvent(parse(reservationReply, "reserve", status, body).event),
        };
      }
      const code = codeOf(body);
      if (status === 409 && code === "event_full") return { kind: "full" };
      if (status === 409 && code === "reservation_released") return { kind: "released" };
      if (status === 422 && code === "event_not_open") return { kind: "not_open" };
      if (status === 422 && isTypeRefusal(code)) return { kind: "type_refused", code };
      if (status === 404 && code === "event_not_found") return { kind: "not_found" };
      throw unexpected("reserve", status, body);
    },

    async release(eventId, holdId) {
      const { status, body } = await call(
        "DELETE",
        `/internal/events/${eventId}/reservations/${holdId}`,
        { serviceToken: true },
      );
      if (status === 200 || status === 204) return;
      // An event the ledger does not know holds no seat for anyone.
      if (eventUnknown(status, body)) return;
      throw unexpected("release", status, body);
    },

    async releaseSeat(eventId, holdId, seatId) {
      const { status, body } = await call(
        "DELETE",
        `/internal/events/${eventId}/reservations/${holdId}/seats/${seatId}`,
        { serviceToken: true },
      );
      if (status === 200 || status === 204) return;
      if (eventUnknown(status, body)) return;
      throw unexpected("release seat", status, body);
    },

    async availability(eventId) {
      const { status, body } = await call("GET", `/internal/events/${eventId}/availability`, {
        serviceToken: true,
      });
      // Unknown event, or an event service without the per-type read.
      if (status === 404) return null;
      if (status !== 200) throw unexpected("availability", status, body);
      return toAvailability(parse(availabilityReply, "availability", status, body));
    },
  };
}
