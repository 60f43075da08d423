import { Router, type Request } from "express";
import { z } from "zod";
import { validationFailed, zodIssuesToFieldErrors } from "@turnout/kit";
import type { AppDeps } from "../app";
import { seatsAvailable } from "../domain/event";
import { release, reserve } from "../domain/seat-ledger";
import { eventReply, uuidInput } from "./event-schema";
import { ledgerAuth } from "./ledger-auth";

/** Outside `/api/v1`: the gateway never routes `/internal`, only services reach it. */
export const INTERNAL_PATH = "/internal";

const eventParams = z.object({ id: uuidInput });
const reservationParams = z.object({ id: uuidInput, registration_id: uuidInput });
const reserveBody = z.strictObject({ registration_id: uuidInput });

function parse<S extends z.ZodType>(part: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw validationFailed(
      zodIssuesToFieldErrors(parsed.error.issues),
      `The ${part} is not valid.`,
    );
  return parsed.data;
}

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

/**
 * The seat ledger the registration service calls with a service token (README, "Seat
 * ledger"): `POST /internal/events/:id/reservations` holds a seat for one registration id,
 * `DELETE /internal/events/:id/reservations/:registration_id` gives it back. Both are idempotent
 * per registration id.
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

  router.post("/events/:id/reservations", async (req: Request, res) => {
    const { id } = parse("path", eventParams, req.params);
    const body = parse("request body", reserveBody, req.body);
    const held = await reserve({ data: deps.data }, id, body.registration_id);
    res.status(held.created ? 201 : 200).json({
      ...counts(held.registrationId, held.event.id, "held", held.event),
      event: eventReply(held.event),
    });
  });

  router.delete("/events/:id/reservations/:registration_id", async (req: Request, res) => {
    const { id, registration_id } = parse("path", reservationParams, req.params);
    const released = await release({ data: deps.data }, id, registration_id);
    res.json(counts(released.registrationId, released.eventId, "released", released));
  });
  return router;
}
