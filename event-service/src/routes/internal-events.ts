import type { Request, Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../app";
import { seatsAvailable } from "../domain/event";
import { getEvent } from "../domain/events";
import { typeSeatsAvailable } from "../domain/ticket-types";
import { eventReply, uuidInput } from "./event-schema";
import { parsePart as parse } from "./parse-part";
import { listsReply, ticketTypeReply } from "./ticket-type-schema";

const eventParams = z.object({ id: uuidInput });

/**
 * The event as the registration service needs it to validate a booking before it writes it
 * (docs/booking-model.md, "Seat ledger"): every type, hidden ones included, with the hash of
 * its access code; and the seats of the event and of each type now.
 */
export function internalEventRoutes(router: Router, deps: AppDeps): void {
  router.get("/events/:id", async (req: Request, res) => {
    const { id } = parse("path", eventParams, req.params);
    const event = await getEvent({ data: deps.data }, id);
    res.json({
      ...eventReply(event),
      ...listsReply(event, event.ticketTypes),
      ticket_types: event.ticketTypes.map((type) => ({
        ...ticketTypeReply(type, event),
        access_code_sha256: type.accessCodeSha256,
      })),
    });
  });

  router.get("/events/:id/availability", async (req: Request, res) => {
    const { id } = parse("path", eventParams, req.params);
    const event = await getEvent({ data: deps.data }, id);
    res.json({
      capacity: event.capacity,
      seats_taken: event.seatsTaken,
      seats_available: seatsAvailable(event),
      ticket_types: event.ticketTypes.map((type) => ({
        id: type.id,
        quota: type.quota,
        seats_taken: type.seatsTaken,
        seats_available: typeSeatsAvailable(type, event),
      })),
    });
  });
}
