import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { getContext, PROBLEM_CONTENT_TYPE, toProblem } from "@turnout/kit";
import type { AppDeps } from "../app";
import { seatsAvailable } from "../domain/event";
import { EventFullError, release, reserve, type ReleasedSeats } from "../domain/seat-ledger";
import { ACCESS_CODE_LENGTH, MAX_PER_ORDER, typeSeatsAvailable } from "../domain/ticket-types";
import { eventReply, uuidInput } from "./event-schema";
import { internalEventRoutes } from "./internal-events";
import { ledgerAuth } from "./ledger-auth";
import { parsePart as parse } from "./parse-part";

/** Outside `/api/v1`: the gateway never routes `/internal`, only services reach it. */
export const INTERNAL_PATH = "/internal";

const eventParams = z.object({ id: uuidInput });
/** How far a caller's clock may run ahead of this service's. */
const BOOKED_AT_SKEW_MS = 5_000;
const reservationParams = z.object({ id: uuidInput, registration_id: uuidInput });
const seatParams = reservationParams.extend({ seat_id: uuidInput });
const reserveBody = z
  .strictObject({
    registration_id: uuidInput,
    ticket_type_id: uuidInput.optional(),
    quantity: z.int().min(1).max(MAX_PER_ORDER.max).default(1),
    access_code: z.string().min(1).max(ACCESS_CODE_LENGTH.max).optional(),
    // The hash `GET /internal/events/:id` gave the caller, which checked the plain code when the
    // booking was made: a waiting booking of a hidden type is promoted without the code.
    access_code_sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/)
      .transform((hex) => hex.toLowerCase())
      .optional(),
    // When the booking was made: the type's sales window is judged then, not now (a waiting
    // booking keeps its right to a seat freed after `sales_end`). Not in the future, beyond a
    // few seconds of clock skew between the services.
    booked_at: z.iso
      .datetime({ offset: true })
      .transform((text) => new Date(text))
      .refine((time) => time.getTime() <= Date.now() + BOOKED_AT_SKEW_MS, {
        message: "must not be in the future",
      })
      .optional(),
  })
  .refine((body) => body.access_code === undefined || body.access_code_sha256 === undefined, {
    message: "send access_code or access_code_sha256, not both",
    path: ["access_code_sha256"],
  });

const counts = (
  registrationId: string,
  eventId: string,
  status: "held" | "released",
  seats: { capacity: number; seatsTaken: number },
) => ({
  registration_id: registrationId,
  event_id: eventId,
  status,
  seats_taken: seats.seatsTaken,
  seats_available: seatsAvailable(seats),
});

const releasedReply = (released: ReleasedSeats) => ({
  ...counts(released.registrationId, released.eventId, "released", released),
  ticket_type_id: released.type?.id ?? null,
  seats_released: released.freed,
  seats_held: released.held,
  ticket_type: released.type && {
    id: released.type.id,
    quota: released.type.quota,
    seats_taken: released.type.seatsTaken,
    seats_available: typeSeatsAvailable(released.type, released),
  },
});

/** 409 `event_full` with the counts the caller needs to place the booking (a waitlist). */
function sendEventFull(res: Response, error: EventFullError): void {
  const problem = toProblem(error, getContext()?.requestId ?? "");
  res
    .status(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        ...problem,
        seats_available: error.seatsAvailable,
        ticket_type_seats_available: error.ticketTypeSeatsAvailable,
      }),
    );
}

/**
 * The seat ledger the registration service calls with a service token (README, "Seat
 * ledger"): `POST /internal/events/:id/reservations` holds `quantity` seats of one type for one
 * registration id (the hold), `DELETE .../reservations/:registration_id` gives back every seat
 * it still holds, `DELETE .../reservations/:registration_id/seats/:seat_id` one of them. All are
 * idempotent per registration id (and seat id). Also the internal event reads.
 */
export function seatLedgerRouter(deps: AppDeps): Router {
  const router = Router();
  router.use(
    ledgerAuth({
      verifyService: deps.verifyService,
      clients: deps.settings.ledgerClients,
      logger: deps.logger,
    }),
  );
  internalEventRoutes(router, deps);

  router.post("/events/:id/reservations", async (req: Request, res) => {
    const { id } = parse("path", eventParams, req.params);
    const body = parse("request body", reserveBody, req.body);
    let held;
    try {
      held = await reserve({ data: deps.data }, id, {
        registrationId: body.registration_id,
        ticketTypeId: body.ticket_type_id,
        quantity: body.quantity,
        accessCode: body.access_code,
        accessCodeSha256: body.access_code_sha256,
        bookedAt: body.booked_at,
      });
    } catch (error) {
      if (!(error instanceof EventFullError)) throw error;
      sendEventFull(res, error);
      return;
    }
    res.status(held.created ? 201 : 200).json({
      ...counts(held.registrationId, held.event.id, "held", held.event),
      ticket_type_id: held.type.id,
      quantity: held.hold.quantity,
      seats_held: held.hold.seats,
      ticket_type: {
        id: held.type.id,
        quota: held.type.quota,
        seats_taken: held.type.seatsTaken,
        seats_available: typeSeatsAvailable(held.type, held.event),
      },
      event: eventReply(held.event),
    });
  });

  router.delete("/events/:id/reservations/:registration_id", async (req: Request, res) => {
    const { id, registration_id } = parse("path", reservationParams, req.params);
    res.json(releasedReply(await release({ data: deps.data }, id, registration_id)));
  });

  router.delete(
    "/events/:id/reservations/:registration_id/seats/:seat_id",
    async (req: Request, res) => {
      const { id, registration_id, seat_id } = parse("path", seatParams, req.params);
      const released = await release({ data: deps.data }, id, registration_id, seat_id);
      res.json({ ...releasedReply(released), seat_id });
    },
  );
  return router;
}
