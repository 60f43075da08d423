import { principalOf, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { cancelEvent, createEvent, getEvent, updateEvent } from "../domain/events";
import { eventIdOrNotFound, eventIdParams } from "./event-id";
import {
  createEventBody,
  eventPatch,
  eventReply,
  eventSchema,
  newEventFields,
  updateEventBody,
} from "./event-schema";

const MANAGERS = { roles: ["organizer", "admin"] } as const;

export function eventRoutes(api: ServiceApi, deps: AppDeps): void {
  const events = { data: deps.data };

  api.route(
    {
      method: "post",
      path: "/",
      summary: "Publish an event (organizers and admins); the caller becomes its organizer",
      auth: MANAGERS,
      request: { body: createEventBody },
      responses: { 201: { description: "The new event.", schema: eventSchema } },
      problems: { 422: "`starts_in_past`: `starts_at` is not in the future." },
    },
    async ({ body }, _req, res) => {
      const event = await createEvent(events, principalOf(res), newEventFields(body));
      res.status(201).location(`${api.basePath}/${event.id}`).json(eventReply(event));
    },
  );

  api.route(
    {
      method: "get",
      path: "/:id",
      summary: "One event, with its seats",
      auth: "none",
      middleware: [eventIdOrNotFound],
      request: { params: eventIdParams },
      responses: { 200: { description: "The event.", schema: eventSchema } },
      problems: { 404: "`event_not_found`" },
    },
    async ({ params }, _req, res) => {
      res.json(eventReply(await getEvent(events, params.id)));
    },
  );

  api.route(
    {
      method: "patch",
      path: "/:id",
      summary: "Change an event (its organizer or an admin); announces `event-updated`",
      auth: MANAGERS,
      middleware: [eventIdOrNotFound],
      request: { params: eventIdParams, body: updateEventBody },
      responses: { 200: { description: "The event after the change.", schema: eventSchema } },
      problems: {
        403: "`forbidden`: not the event's organizer, nor an admin.",
        404: "`event_not_found`",
        422: "`capacity_below_seats_taken`, `event_cancelled`, `starts_in_past` (a new start).",
      },
    },
    async ({ params, body }, _req, res) => {
      const event = await updateEvent(events, principalOf(res), params.id, eventPatch(body));
      res.json(eventReply(event));
    },
  );

  api.route(
    {
      method: "delete",
      path: "/:id",
      summary: "Cancel an event (its organizer or an admin); announces `event-cancelled`",
      description: "Idempotent: cancelling a cancelled event is 204 and publishes nothing.",
      auth: MANAGERS,
      middleware: [eventIdOrNotFound],
      request: { params: eventIdParams },
      responses: { 204: { description: "The event is cancelled." } },
      problems: {
        403: "`forbidden`: not the event's organizer, nor an admin.",
        404: "`event_not_found`",
      },
    },
    async ({ params }, _req, res) => {
      await cancelEvent(events, principalOf(res), params.id);
      res.status(204).end();
    },
  );
}
