import { once } from "node:events";
import { z } from "zod";
import type { Response } from "express";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import type { Keyset } from "../data/registration-rows";
import { attendeePage, authorizeAttendeeList } from "../domain/queries";
import type { RegistrationStatus } from "../domain/registration";
import { csvRow } from "./csv";
import { keysetOf, listQuery, pageOf, registrationPageSchema } from "./registration-schema";
import { callerOf } from "./registrations";

const CSV_COLUMNS = [
  "registration_id",
  "user_id",
  "status",
  "waitlist_position",
  "confirmed_via",
  "checked_in_at",
  "created_at",
] as const;

/** Rows read per query while streaming the CSV export. */
const CSV_BATCH = 500;

export function eventAttendeeRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/events/:event_id",
      summary: "An event's registrations (its organizer or an admin)",
      description:
        "Paginated JSON in sign-up order. With `Accept: text/csv` the whole list (filtered by " +
        "`status`, ignoring `limit` and `cursor`) is streamed as a CSV attachment with the " +
        `columns ${CSV_COLUMNS.join(", ")}.`,
      auth: "bearer",
      request: { params: z.object({ event_id: z.uuid() }), query: listQuery },
      responses: { 200: { description: "One page.", schema: registrationPageSchema } },
      problems: {
        403: "`forbidden`: only the event's organizer or an admin.",
        404: "`event_not_found`",
      },
    },
    async ({ params, query }, req, res) => {
      await authorizeAttendeeList(deps, callerOf(res), params.event_id);
      res.vary("Accept");
      if (req.accepts(["application/json", "text/csv"]) === "text/csv") {
        await streamCsv(deps, res, params.event_id, query.status);
        return;
      }
      const rows = await attendeePage(deps, params.event_id, {
        status: query.status,
        after: keysetOf(query.cursor),
        limit: query.limit + 1,
      });
      res.json(pageOf(rows, query.limit));
    },
  );
}

/** Pages through the list by keyset and writes as the client reads (backpressure). */
async function streamCsv(
  deps: AppDeps,
  res: Response,
  eventId: string,
  status: RegistrationStatus | undefined,
): Promise<void> {
  res
    .status(200)
    .type("text/csv; charset=utf-8")
    .set("Content-Disposition", `attachment; filename="registrations-${eventId}.csv"`);
  res.write(csvRow(CSV_COLUMNS));
  let after: Keyset | undefined;
  for (;;) {
    const rows = await attendeePage(deps, eventId, { status, after, limit: CSV_BATCH });
    const chunk = rows
      .map((r) =>
        csvRow([
          r.id,
          r.userId,
          r.status,
          r.waitlistPosition,
          r.confirmedVia,
          r.checkedInAt?.toISOString(),
          r.createdAt.toISOString(),
        ]),
      )
      .join("");
    if (chunk !== "" && !res.write(chunk)) {
      await Promise.race([once(res, "drain"), once(res, "close")]);
    }
    // The client went away: stop reading.
    if (res.destroyed) return;
    const last = rows.at(-1);
    if (rows.length < CSV_BATCH || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  res.end();
}
