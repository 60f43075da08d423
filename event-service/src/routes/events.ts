import { principalOf, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { cancelEvent, createEvent, getEvent, updateEvent } from "../domain/events";
import { eventIdOrNotFound, eventIdParams } from "./event-id";
import type { EventDetail } from "../domain/event";
import {
  createEventBody,
  eventDetailSchema,
  eventLists,
  eventPatch,
  eventReply,
  newEventFields,
  updateEventBody,
} from "./event-schema";
import { optionalViewer, typesForViewer } from "./event-viewer";
import { listsReply } from "./ticket-type-schema";

/** The event with every type: for its organizer (create, PATCH replies). */
const fullReply = (event: EventDetail) => ({
  ...eventReply(event),
  ...listsReply(event, event.ticketTypes),
});

const MANAGERS = { roles: ["organizer", "admin"] } as const;

export function eventRoutes(api: ServiceApi, deps: AppDeps): void {
  const events = { data: deps.data };

  api.route(
    {
      method: "post",
      path: "/",
      summary: "Publish an event (organizers and admins); the caller becomes its organizer",
      auth: MANAGERS,
      scope: "events:write",
      request: { body: createEventBody },
      responses: { 201: { description: "The new event.", schema: eventDetailSchema } },
      problems: {
        422:
          "`starts_in_past`: `starts_at` is not in the future; `access_code_required`: a hidden " +
          "type without `access_code`.",
      },
    },
    async ({ body }, _req, res) => {
      const event = await createEvent(
        events,
        principalOf(res),
        newEventFields(body),
        eventLists(body),
      );
      res.status(201).location(`${api.basePath}/${event.id}`).json(fullReply(event));
    },
  );

  api.route(
    {
      method: "get",
      path: "/:id",
      summary: "One event, with its seats, ticket types and questions",
      description:
        "Hidden ticket types are listed only to the event's organizer and admins (a bearer " +
        "token is optional here), or with the type's code in the `X-Access-Code` header; the " +
        "reply varies on that header and `Authorization`, and is never cached by the gateway.",
      auth: "none",
      middleware: [eventIdOrNotFound, optionalViewer(deps.verifyUser)],
      request: { params: eventIdParams },
      responses: { 200: { description: "The event.", schema: eventDetailSchema } },
      problems: { 404: "`event_not_found`" },
    },
    async ({ params }, req, res) => {
      const event = await getEvent(events, params.id);
      const types = typesForViewer(res, event, req.get("x-access-code"));
      res.json({ ...eventReply(event), ...listsReply(event, types) });
    },
  );

  api.route(
    {
      method: "patch",
      path: "/:id",
      summary: "Change an event (its organizer or an admin); announces `event-updated`",
      auth: MANAGERS,
      scope: "events:write",
      middleware: [eventIdOrNotFound],
      request: { params: eventIdParams, body: updateEventBody },
      responses: {
        200: { description: "The event after the change.", schema: eventDetailSchema },
      },
      problems: {
        403: "`forbidden`: not the event's organizer, nor an admin.",
        404: "`event_not_found`",
        409:
          "`quota_below_taken`: a quota below its type's seats taken; `ticket_type_in_use`: a " +
          "type left out of `ticket_types` has seats taken.",
        422:
          "`capacity_below_seats_taken`, `event_cancelled`, `starts_in_past` (a new start), " +
          "`ticket_type_not_found` / `question_not_found` (an `id` of no type or question of " +
          "this event), `access_code_required` (a hidden type with no code).",
      },
    },
    async ({ params, body }, _req, res) => {
      const event = await updateEvent(
        events,
        principalOf(res),
        params.id,
        eventPatch(body),
        eventLists(body),
      );
      res.json(fullReply(event));
    },
  );

  api.route(
    {
      method: "delete",
      path: "/:id",
      summary: "Cancel an event (its organizer or an admin); announces `event-cancelled`",
      description: "Idempotent: cancelling a cancelled event is 204 and publishes nothing.",
      auth: MANAGERS,
      scope: "events:write",
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
