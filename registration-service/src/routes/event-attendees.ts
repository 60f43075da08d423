import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import {
  attendeeEntries,
  authorizeAttendees,
  exportQuestions,
  type AttendeeEntry,
} from "../domain/attendee-list";
import { toView } from "../domain/registration-view";
import { withTicketCodes } from "../domain/ticket-codes";
import { CSV_COLUMNS, streamAttendeeCsv } from "./attendee-csv";
import { encodeCursor, keysetOf, listQuery, registrationSchema } from "./registration-schema";
import { callerOf } from "./registrations";

export const attendeeSchema = registrationSchema
  .extend({
    attendee: z
      .object({ display_name: z.string().nullable(), email: z.string().nullable() })
      .describe("The account's name and email; null when unknown or the account was deleted."),
    ticket_type: z
      .object({ id: z.uuid().nullable(), name: z.string().nullable() })
      .describe("The booking's ticket type; null fields when the event's copy does not name it."),
  })
  .meta({ id: "Attendee", description: "A registration on the organizer's attendee list." });

const attendeePageSchema = z
  .object({
    items: z.array(attendeeSchema),
    next_cursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` for the next page; null at the end."),
  })
  .meta({ id: "AttendeePage" });

const attendeeQuery = listQuery.extend({
  q: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("Case-insensitive part of the display name, the email or a seat's attendee name."),
});

/** The registration as every reply shows it, plus the person and the type named. */
export function attendeeView(entry: AttendeeEntry) {
  return {
    ...toView(entry.registration),
    attendee: { display_name: entry.attendee.displayName, email: entry.attendee.email },
    ticket_type: entry.ticketType,
  };
}

export function eventAttendeeRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/events/:event_id",
      summary: "An event's attendee list (its organizer or an admin)",
      description:
        "Paginated JSON in sign-up order; each registration names its account " +
        "(`attendee`: display name and email, from the service's copy of accounts), its ticket " +
        "type, seats and answers. `q` keeps the registrations whose display name, email or a " +
        "seat's attendee name contains it (case-insensitive). With `Accept: text/csv` the whole " +
        "list (filtered by `status` and `q`, ignoring `limit` and `cursor`) is streamed as a CSV " +
        `attachment with the columns ${CSV_COLUMNS.join(", ")} and then one per question of ` +
        "the event (headed by its label; a per-seat question's answers as `name: answer; …`).",
      auth: "bearer",
      scope: "registrations:read",
      request: { params: z.object({ event_id: z.uuid() }), query: attendeeQuery },
      responses: { 200: { description: "One page.", schema: attendeePageSchema } },
      problems: {
        403: "`forbidden`: only the event's organizer or an admin.",
        404: "`event_not_found`",
        503: "`event_service_unavailable`: the event could not be read (CSV: its questions).",
      },
    },
    async ({ params, query }, req, res) => {
      await authorizeAttendees(deps, callerOf(res), params.event_id);
      res.vary("Accept");
      const filter = { status: query.status, q: query.q };
      if (req.accepts(["application/json", "text/csv"]) === "text/csv") {
        const questions = await exportQuestions(deps, params.event_id);
        await streamAttendeeCsv(deps, res, params.event_id, filter, questions);
        return;
      }
      const entries = await attendeeEntries(deps, params.event_id, {
        ...filter,
        after: keysetOf(query.cursor),
        limit: query.limit + 1,
      });
      const items = entries.slice(0, query.limit);
      const last = items.at(-1)?.registration;
      res.json({
        items: await withTicketCodes(deps, items.map(attendeeView)),
        next_cursor: entries.length > query.limit && last ? encodeCursor(last) : null,
      });
    },
  );
}
