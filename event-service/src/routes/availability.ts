import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { seatsAvailable } from "../domain/event";
import { getEvent } from "../domain/events";
import { typeSeatsAvailable } from "../domain/ticket-types";
import { eventIdOrNotFound, eventIdParams } from "./event-id";

const availabilitySchema = z
  .object({
    capacity: z.int(),
    seats_taken: z.int(),
    seats_available: z.int(),
    ticket_types: z
      .array(z.object({ id: z.uuid(), seats_available: z.int() }))
      .describe("Seats a booking can still get of each type (hidden types are not listed)."),
  })
  .meta({ id: "Availability" });

export function availabilityRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/:id/availability",
      summary: "Seats of an event and of each of its ticket types: capacity, taken and available",
      auth: "none",
      middleware: [eventIdOrNotFound],
      request: { params: eventIdParams },
      responses: { 200: { description: "The event's seats now.", schema: availabilitySchema } },
      problems: { 404: "`event_not_found`" },
    },
    async ({ params }, _req, res) => {
      const event = await getEvent({ data: deps.data }, params.id);
      res.json({
        capacity: event.capacity,
        seats_taken: event.seatsTaken,
        seats_available: seatsAvailable(event),
        ticket_types: event.ticketTypes
          .filter((type) => !type.hidden)
          .map((type) => ({ id: type.id, seats_available: typeSeatsAvailable(type, event) })),
      });
    },
  );
}
