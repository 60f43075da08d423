import { once } from "node:events";
import type { Response } from "express";
import type { Keyset } from "../data/registration-rows";
import {
  attendeeEntries,
  type AttendeeEntry,
  type AttendeeListOptions,
  type QuestionColumn,
} from "../domain/attendee-list";
import type { RegistrationDeps } from "../domain/deps";
import { answerText, csvRow } from "./csv";

/** The export's columns before one per question (whose header is the question's label). */
export const CSV_COLUMNS = [
  "registration_id",
  "user_id",
  "status",
  "waitlist_position",
  "confirmed_via",
  "checked_in_at",
  "created_at",
  "attendee_name",
  "attendee_email",
  "ticket_type",
  "quantity",
  "seat_names",
] as const;

/** Rows read per query while streaming the CSV export. */
const CSV_BATCH = 500;

/**
 * A question's cell: the booking's answer, or for a per-seat question every active seat's as
 * `name: answer; …` (an unnamed seat is `seat <position>`).
 */
function answerCell(entry: AttendeeEntry, question: QuestionColumn): string {
  const { registration } = entry;
  if (question.per === "booking") return answerText(registration.answers[question.id]);
  return registration.seats
    .filter((seat) => seat.status !== "cancelled" && seat.answers[question.id] !== undefined)
    .map((seat) => {
      const name = seat.attendeeName ?? `seat ${seat.position}`;
      return `${name}: ${answerText(seat.answers[question.id])}`;
    })
    .join("; ");
}

export function attendeeCsvRow(entry: AttendeeEntry, questions: readonly QuestionColumn[]): string {
  const r = entry.registration;
  const active = r.seats.filter((seat) => seat.status !== "cancelled");
  return csvRow([
    r.id,
    r.userId,
    r.status,
    r.waitlistPosition,
    r.confirmedVia,
    r.checkedInAt?.toISOString(),
    r.createdAt.toISOString(),
    entry.attendee.displayName,
    entry.attendee.email,
    entry.ticketType.name,
    r.quantity,
    active.flatMap((seat) => (seat.attendeeName === null ? [] : [seat.attendeeName])).join("; "),
    ...questions.map((question) => answerCell(entry, question)),
  ]);
}

/** Pages through the list by keyset and writes as the client reads (backpressure). */
export async function streamAttendeeCsv(
  deps: RegistrationDeps,
  res: Response,
  eventId: string,
  filter: Omit<AttendeeListOptions, "after" | "limit">,
  questions: readonly QuestionColumn[],
): Promise<void> {
  res
    .status(200)
    .type("text/csv; charset=utf-8")
    .set("Content-Disposition", `attachment; filename="registrations-${eventId}.csv"`);
  res.write(csvRow([...CSV_COLUMNS, ...questions.map((question) => question.label)]));
  let after: Keyset | undefined;
  for (;;) {
    const entries = await attendeeEntries(deps, eventId, { ...filter, after, limit: CSV_BATCH });
    const chunk = entries.map((entry) => attendeeCsvRow(entry, questions)).join("");
    if (chunk !== "" && !res.write(chunk)) {
      await Promise.race([once(res, "drain"), once(res, "close")]);
    }
    // The client went away: stop reading.
    if (res.destroyed) return;
    const last = entries.at(-1)?.registration;
    if (entries.length < CSV_BATCH || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  res.end();
}
