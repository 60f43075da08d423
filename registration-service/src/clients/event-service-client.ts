import { Agent, request } from "undici";
import { z } from "zod";
import { getContext, type ServiceTokenClient } from "@turnout/kit";
import type { EventFacts } from "../domain/registration";
import {
  PeerUnavailableError,
  type EventDirectory,
  type ReserveOutcome,
  type SeatLedger,
} from "../domain/seat-ledger";
import { concurrencyLimit } from "./concurrency-limit";

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

/** The public event (event-service README); only what this service keeps is checked. */
const publicEvent = z.looseObject({
  id: z.uuid(),
  organizer_id: z.uuid(),
  title: z.string(),
  starts_at: z.iso.datetime({ offset: true }),
  ends_at: z.iso.datetime({ offset: true }),
  timezone: z.string(),
  location: z.string(),
  requires_approval: z.boolean(),
  status: z.string(),
  updated_at: z.iso.datetime({ offset: true }),
});

const reservationReply = z.looseObject({ status: z.literal("held"), event: publicEvent });
const problemReply = z.looseObject({ code: z.string() });

const toFacts = (event: z.infer<typeof publicEvent>): EventFacts => ({
  eventId: event.id,
  organizerId: event.organizer_id,
  title: event.title,
  startsAt: new Date(event.starts_at),
  endsAt: new Date(event.ends_at),
  timezone: event.timezone,
  location: event.location,
  requiresApproval: event.requires_approval,
  status: event.status,
  updatedAt: new Date(event.updated_at),
});

/**
 * HTTP client of the event service: the public event read and the internal seat ledger (with a
 * service token). Anything but a documented answer (network error, timeout, 5xx, a reply that
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

  return {
    async getEvent(eventId) {
      const { status, body } = await call("GET", `/api/v1/events/${eventId}`);
      if (status === 404) return null;
      if (status !== 200) throw unexpected("get event", status, body);
      return toFacts(parse(publicEvent, "get event", status, body));
    },

    async reserve(eventId, registrationId): Promise<ReserveOutcome> {
      const { status, body } = await call("POST", `/internal/events/${eventId}/reservations`, {
        body: { registration_id: registrationId },
        serviceToken: true,
      });
      if (status === 200 || status === 201) {
        return {
          kind: "held",
          event: toFacts(parse(reservationReply, "reserve", status, body).event),
        };
      }
      const code = problemReply.safeParse(body).data?.code;
      if (status === 409 && code === "event_full") return { kind: "full" };
      if (status === 409 && code === "reservation_released") return { kind: "released" };
      if (status === 422 && code === "event_not_open") return { kind: "not_open" };
      if (status === 404 && code === "event_not_found") return { kind: "not_found" };
      throw unexpected("reserve", status, body);
    },

    async release(eventId, registrationId) {
      const { status, body } = await call(
        "DELETE",
        `/internal/events/${eventId}/reservations/${registrationId}`,
        { serviceToken: true },
      );
      if (status === 200 || status === 204) return;
      // An event the ledger does not know holds no seat for anyone (but a 404 from a route
      // that does not exist is no answer at all).
      if (status === 404 && problemReply.safeParse(body).data?.code === "event_not_found") return;
      throw unexpected("release", status, body);
    },
  };
}
