import * as z from "zod/mini";
import { apiJson, apiSend } from "./client";
import { freshAccessToken, refreshSession } from "./token-refresh";

/** Check-in routes (docs/tickets.md "Scanning", "Check-in helpers", "Live view"). */
const base = "/api/v1/registrations";
const eventBase = (eventId: string) => `${base}/events/${encodeURIComponent(eventId)}`;

/** A list reply: the contract's plain array, or a page's `items`. */
const listOf = <T extends z.ZodMiniType>(item: T) =>
  z.pipe(
    z.union([z.array(item), z.object({ items: z.array(item) })]),
    z.transform((body) => (Array.isArray(body) ? body : body.items)),
  );

export const checkInEventSchema = z.object({
  event_id: z.string(),
  title: z.string(),
  starts_at: z.string(),
  ends_at: z.catch(z.nullable(z.string()), null),
  timezone: z.catch(z.string(), "UTC"),
  location: z.catch(z.nullable(z.string()), null),
  role: z.catch(z.string(), "helper"),
});
export type CheckInEvent = z.infer<typeof checkInEventSchema>;

const checkInSchema = z.object({
  seat_id: z.string(),
  checked_in_at: z.string(),
  gate: z.catch(z.nullable(z.string()), null),
});

export const checkInStateSchema = z.object({
  event: z.object({
    id: z.string(),
    title: z.string(),
    starts_at: z.string(),
    ends_at: z.catch(z.nullable(z.string()), null),
    timezone: z.catch(z.string(), "UTC"),
    location: z.catch(z.nullable(z.string()), null),
  }),
  ticket_types: z.catch(z.array(z.object({ id: z.string(), name: z.string() })), []),
  void_seat_ids: z.array(z.string()),
  /** Seats given away by transfer, with the booking that holds them now (older replies: none). */
  moved_seats: z.catch(z.array(z.object({ seat_id: z.string(), registration_id: z.string() })), []),
  check_ins: z.array(checkInSchema),
  generated_at: z.string(),
});
export type CheckInState = z.infer<typeof checkInStateSchema>;

/** A scan as the service records it (`POST …/check-ins` 200, and each stream event). */
export const scanRecordSchema = z.object({
  seat_id: z.string(),
  registration_id: z.catch(z.nullable(z.string()), null),
  holder_name: z.catch(z.nullable(z.string()), null),
  ticket_type_id: z.catch(z.nullable(z.string()), null),
  ticket_type_name: z.catch(z.nullable(z.string()), null),
  gate: z.catch(z.nullable(z.string()), null),
  checked_in_at: z.string(),
});
export type ScanRecord = z.infer<typeof scanRecordSchema>;

export const checkInStatsSchema = z.object({
  confirmed: z.number(),
  checked_in: z.number(),
  ticket_types: z.array(
    z.object({ id: z.string(), name: z.string(), confirmed: z.number(), checked_in: z.number() }),
  ),
  arrivals: z.array(z.object({ from: z.string(), count: z.number() })),
});
export type CheckInStats = z.infer<typeof checkInStatsSchema>;

export const helperSchema = z.object({
  user_id: z.string(),
  display_name: z.catch(z.nullable(z.string()), null),
  email: z.catch(z.nullable(z.string()), null),
  granted_at: z.catch(z.nullable(z.string()), null),
});
export type CheckInHelper = z.infer<typeof helperSchema>;

/** A JWK set (`/.well-known/ticket-keys.json`); each key is kept as the server sent it. */
export const jwkSetSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.optional(z.string()) })),
});
export type JwkSet = z.infer<typeof jwkSetSchema>;

export const listCheckInEvents = (signal?: AbortSignal) =>
  apiJson(`${base}/check-in-events`, (b) => listOf(checkInEventSchema).parse(b), {
    auth: true,
    ...(signal ? { signal } : {}),
  });

export const getCheckInState = (eventId: string) =>
  apiJson(`${eventBase(eventId)}/check-in-state`, (b) => checkInStateSchema.parse(b), {
    auth: true,
  });

export const getCheckInStats = (eventId: string, signal?: AbortSignal) =>
  apiJson(`${eventBase(eventId)}/check-in-stats`, (b) => checkInStatsSchema.parse(b), {
    auth: true,
    ...(signal ? { signal } : {}),
  });

/** The public ticket keys: no sign-in needed, and never the service worker's cache. */
export const getTicketKeys = () =>
  apiJson("/.well-known/ticket-keys.json", (b) => jwkSetSchema.parse(b));

export interface ScanInput {
  ticket_code: string;
  gate?: string;
  scanned_at?: string;
}

/** What became of a scan sent to the service. */
export type ScanOutcome =
  | { kind: "ok"; record: ScanRecord }
  | { kind: "already"; checkedInAt: string | null; gate: string | null; detail: string }
  | { kind: "refused"; status: number; code: string; detail: string }
  /** No answer worth keeping (offline, signed out, overloaded): the scan waits and retries. */
  | { kind: "unreachable" };

const problemSchema = z.object({
  code: z.catch(z.string(), ""),
  detail: z.catch(z.string(), ""),
  checked_in_at: z.catch(z.nullable(z.string()), null),
  gate: z.catch(z.nullable(z.string()), null),
});

async function postOnce(scan: ScanInput, token: string): Promise<Response | undefined> {
  try {
    return await fetch(`${base}/check-ins`, {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(scan),
      cache: "no-store",
    });
  } catch {
    return undefined;
  }
}

/**
 * `POST /api/v1/registrations/check-ins`. Unlike the other calls it answers instead of
 * throwing, and keeps the 409's `checked_in_at` and `gate` (the first scan, for a conflict).
 * A reloaded offline page has no session yet: it is restored from the cookie first.
 */
export async function sendScan(scan: ScanInput): Promise<ScanOutcome> {
  let token = await freshAccessToken().catch(() => null);
  token ??= (await refreshSession(null).catch(() => null))?.accessToken ?? null;
  if (!token) return { kind: "unreachable" };
  let response = await postOnce(scan, token);
  if (response?.status === 401) {
    const renewed = await refreshSession(token).catch(() => null);
    response = renewed ? await postOnce(scan, renewed.accessToken) : undefined;
  }
  if (!response || response.status === 401 || response.status === 429 || response.status >= 500)
    return { kind: "unreachable" };
  const body: unknown = await response.json().catch(() => ({}));
  if (response.ok) {
    const record = scanRecordSchema.safeParse(body);
    return record.success ? { kind: "ok", record: record.data } : { kind: "unreachable" };
  }
  const problem = problemSchema.parse(typeof body === "object" && body !== null ? body : {});
  if (response.status === 409 && problem.code === "already_checked_in") {
    return {
      kind: "already",
      checkedInAt: problem.checked_in_at,
      gate: problem.gate,
      detail: problem.detail,
    };
  }
  return { kind: "refused", status: response.status, code: problem.code, detail: problem.detail };
}

export const listHelpers = (eventId: string, signal?: AbortSignal) =>
  apiJson(`${eventBase(eventId)}/check-in-helpers`, (b) => listOf(helperSchema).parse(b), {
    auth: true,
    ...(signal ? { signal } : {}),
  });

export const addHelper = (eventId: string, email: string) =>
  apiSend(`${eventBase(eventId)}/check-in-helpers`, {
    method: "POST",
    json: { email },
    auth: true,
  });

export const revokeHelper = (eventId: string, userId: string) =>
  apiSend(`${eventBase(eventId)}/check-in-helpers/${encodeURIComponent(userId)}`, {
    method: "DELETE",
    auth: true,
  });

/** Where the live scans of an event stream from (Server-Sent Events, `check-in` events). */
export const checkInStreamPath = (eventId: string) => `${eventBase(eventId)}/check-ins/stream`;
