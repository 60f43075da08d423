import type { Response } from "express";
import { z } from "zod";
import {
  getContext,
  PROBLEM_CONTENT_TYPE,
  TICKET_CODE_MAX_LENGTH,
  toProblem,
  validationFailed,
  type ServiceApi,
} from "@turnout/kit";
import type { AppDeps } from "../app";
import { AlreadyCheckedInError, scanTicket, type SeatCheckedIn } from "../domain/check-ins";
import { checkInState, checkInStats } from "../domain/check-in-views";
import { callerOf } from "./registrations";

// Scanning, the offline scanner's state and the live view's numbers (docs/tickets.md).

/** How far back an offline scanner's `scanned_at` may be, and how far ahead (clock skew). */
const SCANNED_AT_PAST_MS = 7 * 24 * 3_600_000;
const SCANNED_AT_FUTURE_MS = 60_000;

const scanBody = z.object({
  ticket_code: z
    .string()
    .min(1)
    .max(TICKET_CODE_MAX_LENGTH)
    .describe("The exact string the ticket's QR code encodes (a compact JWS)."),
  gate: z
    .string()
    .trim()
    .max(40)
    .nullish()
    .describe("Where the ticket was scanned, e.g. `North door`; empty means none."),
  scanned_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("When an offline scanner read the code: at most 7 days ago, 1 minute ahead."),
});

const checkInSchema = z
  .object({
    seat_id: z.uuid(),
    registration_id: z.uuid(),
    event_id: z.uuid(),
    holder_name: z.string().nullable().describe("The seat's attendee name, else the account's."),
    ticket_type_id: z.uuid().nullable(),
    ticket_type_name: z.string().nullable(),
    seat_position: z.number().int().describe("The seat's place in its booking (1 = first)."),
    gate: z.string().nullable(),
    checked_in_at: z.iso.datetime(),
  })
  .meta({ id: "CheckIn", description: "A seat checked in at the door." });

const eventParams = z.object({ event_id: z.uuid() });

const stateSchema = z
  .object({
    event: z.object({
      id: z.uuid(),
      title: z.string(),
      starts_at: z.iso.datetime(),
      ends_at: z.iso.datetime(),
      timezone: z.string(),
      location: z.string(),
    }),
    ticket_types: z.array(z.object({ id: z.uuid(), name: z.string() })),
    void_seat_ids: z
      .array(z.uuid())
      .describe("Seats whose tickets are refused: cancelled, or of a booking not confirmed."),
    moved_seats: z
      .array(z.object({ seat_id: z.uuid(), registration_id: z.uuid() }))
      .describe(
        "Seats given away by transfer, with the booking that holds each now: a code of such a " +
          "seat scans only if its `reg` is that booking (the seat id is on both tickets).",
      ),
    check_ins: z.array(
      z.object({ seat_id: z.uuid(), checked_in_at: z.iso.datetime(), gate: z.string().nullable() }),
    ),
    generated_at: z.iso.datetime(),
  })
  .meta({ id: "CheckInState", description: "What an offline scanner keeps for one event." });

const statsSchema = z
  .object({
    confirmed: z.number().int().describe("Seats of confirmed bookings."),
    checked_in: z.number().int(),
    ticket_types: z.array(
      z.object({
        id: z.uuid().nullable(),
        name: z.string().nullable(),
        confirmed: z.number().int(),
        checked_in: z.number().int(),
      }),
    ),
    arrivals: z
      .array(z.object({ from: z.iso.datetime(), count: z.number().int() }))
      .describe("Check-ins per 10 minutes on the clock, from the first to the last."),
  })
  .meta({ id: "CheckInStats" });

export const checkInReply = (seat: SeatCheckedIn) => ({
  seat_id: seat.seatId,
  registration_id: seat.registrationId,
  event_id: seat.eventId,
  holder_name: seat.holderName,
  ticket_type_id: seat.ticketTypeId,
  ticket_type_name: seat.ticketTypeName,
  seat_position: seat.seatPosition,
  gate: seat.gate,
  checked_in_at: seat.checkedInAt.toISOString(),
});

function scannedAtOf(value: string | undefined, now: number): Date | null {
  if (value === undefined) return null;
  const at = new Date(value);
  if (at.getTime() < now - SCANNED_AT_PAST_MS || at.getTime() > now + SCANNED_AT_FUTURE_MS) {
    throw validationFailed([
      {
        path: "scanned_at",
        message: "must be at most 7 days in the past and 1 minute in the future",
        code: "out_of_range",
      },
    ]);
  }
  return at;
}

/** 409 `already_checked_in` with when and at which gate the first scan was. */
function sendAlreadyCheckedIn(res: Response, error: AlreadyCheckedInError): void {
  const problem = toProblem(error, getContext()?.requestId ?? "");
  res
    .status(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        ...problem,
        checked_in_at: error.checkedInAt.toISOString(),
        gate: error.gate,
      }),
    );
}

export function checkInRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/check-ins",
      summary: "Check a seat in by its ticket code (organizer, admin or check-in helper)",
      description:
        "Checks in order: a malformed, forged, altered or expired code, or one of an unknown " +
        "key, is 422 `invalid_ticket`; a caller who may not scan for the ticket's event 403; " +
        "a seat cancelled, transferred or of a booking not confirmed 422 `invalid_ticket`; a " +
        "seat scanned before 409 `already_checked_in` with `checked_in_at` and `gate` of the " +
        "first scan. The first seat also sets the booking's `checked_in_at`.",
      auth: "bearer",
      scope: "checkin:write",
      request: { body: scanBody },
      responses: { 200: { description: "The seat, checked in.", schema: checkInSchema } },
      problems: {
        403: "`forbidden`: not the event's organizer, an admin or its check-in helper.",
        409: "`already_checked_in`, with `checked_in_at` and `gate` of the first scan.",
        422: "`invalid_ticket`: forged, altered, expired, cancelled or transferred.",
      },
    },
    async ({ body }, _req, res) => {
      const scannedAt = scannedAtOf(body.scanned_at, Date.now());
      try {
        const seat = await scanTicket(deps, callerOf(res), {
          ticketCode: body.ticket_code,
          gate: body.gate ? body.gate : null,
          scannedAt,
        });
        res.json(checkInReply(seat));
      } catch (error) {
        if (!(error instanceof AlreadyCheckedInError)) throw error;
        sendAlreadyCheckedIn(res, error);
      }
    },
  );

  api.route(
    {
      method: "get",
      path: "/events/:event_id/check-in-state",
      summary: "An event's check-in state, for offline scanning (organizer, admin or helper)",
      auth: "bearer",
      scope: "checkin:write",
      request: { params: eventParams },
      responses: { 200: { description: "The state.", schema: stateSchema } },
      problems: { 403: "`forbidden`.", 404: "`event_not_found`." },
    },
    async ({ params }, _req, res) => {
      const state = await checkInState(deps, callerOf(res), params.event_id);
      const { event } = state;
      res.set("Cache-Control", "private, no-store").json({
        event: {
          id: event.eventId,
          title: event.title,
          starts_at: event.startsAt.toISOString(),
          ends_at: event.endsAt.toISOString(),
          timezone: event.timezone,
          location: event.location,
        },
        ticket_types: (event.ticketTypes ?? []).map((t) => ({ id: t.id, name: t.name })),
        void_seat_ids: state.voidSeatIds,
        moved_seats: state.movedSeats.map((s) => ({
          seat_id: s.seatId,
          registration_id: s.registrationId,
        })),
        check_ins: state.checkIns.map((c) => ({
          seat_id: c.seatId,
          checked_in_at: c.checkedInAt.toISOString(),
          gate: c.gate,
        })),
        generated_at: state.generatedAt.toISOString(),
      });
    },
  );

  api.route(
    {
      method: "get",
      path: "/events/:event_id/check-in-stats",
      summary: "Checked in against confirmed, per ticket type, and arrivals per 10 minutes",
      auth: "bearer",
      scope: "checkin:write",
      request: { params: eventParams },
      responses: { 200: { description: "The numbers.", schema: statsSchema } },
      problems: { 403: "`forbidden`.", 404: "`event_not_found`." },
    },
    async ({ params }, _req, res) => {
      const stats = await checkInStats(deps, callerOf(res), params.event_id);
      res.set("Cache-Control", "private, no-store").json({
        confirmed: stats.confirmed,
        checked_in: stats.checkedIn,
        ticket_types: stats.ticketTypes.map((t) => ({
          id: t.id,
          name: t.name,
          confirmed: t.confirmed,
          checked_in: t.checkedIn,
        })),
        arrivals: stats.arrivals.map((a) => ({ from: a.from.toISOString(), count: a.count })),
      });
    },
  );
}
