import { z } from "zod";
import { CALENDAR_CONTENT_TYPE, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { registrationCalendar } from "../domain/calendar";
import { registrationIdParams } from "./registration-schema";
import { callerOf } from "./registrations";

/** `GET /:id/calendar.ics`: the holder's calendar file of a confirmed booking. */
export function calendarRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/:id/calendar.ics",
      summary: "The booking's calendar file (its holder only)",
      description:
        "One `VEVENT` written as iCalendar (RFC 5545): `UID` `<registration id>@turnout`, " +
        "`DTSTART`/`DTEND` in UTC, `SUMMARY` the title, `LOCATION`, `DESCRIPTION` the ticket " +
        "type and the number of seats, `URL` the ticket page `<PUBLIC_URL>/tickets/<id>`. " +
        "Sent as an attachment named after the event's title.",
      auth: "bearer",
      scope: "registrations:read",
      request: { params: registrationIdParams },
      responses: {
        200: {
          description: "The calendar file.",
          contentType: CALENDAR_CONTENT_TYPE,
          schema: z.string().describe("`BEGIN:VCALENDAR` … `END:VCALENDAR`"),
          headers: z.object({
            "Content-Disposition": z.string().describe('`attachment; filename="<slug>.ics"`'),
          }),
        },
      },
      problems: {
        404: "`registration_not_found` (also for anyone but the booking's holder).",
        409: "`invalid_state`: the booking is not confirmed.",
      },
    },
    async ({ params }, _req, res) => {
      const file = await registrationCalendar(deps, callerOf(res), params.id);
      res
        .status(200)
        .type(CALENDAR_CONTENT_TYPE)
        .set("Content-Disposition", `attachment; filename="${file.fileName}"`)
        .set("Cache-Control", "private, no-store")
        .send(file.body);
    },
  );
}
