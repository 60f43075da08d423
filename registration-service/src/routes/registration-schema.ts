import { z } from "zod";
import { CONFIRMATION_PATHS } from "@turnout/contracts";
import type { Keyset } from "../data/registration-rows";
import { REGISTRATION_STATUSES, type Registration } from "../domain/registration";
import { toView, type RegistrationView } from "../domain/registration-view";
import { withTicketCodes, type TicketCodeDeps } from "../domain/ticket-codes";

const answersSchema = z.record(z.string(), z.union([z.string(), z.boolean(), z.array(z.string())]));

const seatSchema = z
  .object({
    id: z.uuid(),
    attendee_name: z.string().nullable().describe("The name given for the seat, or null."),
    answers: answersSchema.describe("Answers to the event's `per: seat` questions."),
    status: z
      .enum(REGISTRATION_STATUSES)
      .describe("The booking's status, or `cancelled` once the seat was cancelled on its own."),
    transfer: z
      .object({
        id: z.uuid(),
        email: z.string(),
        status: z.literal("offered"),
        created_at: z.iso.datetime(),
      })
      .nullable()
      .describe(
        "The seat's open offer to someone else (withdraw it with " +
          "`DELETE /api/v1/registrations/transfers/{id}`), or null.",
      ),
    ticket_code: z
      .string()
      .nullable()
      .describe(
        "The seat's ticket: the exact text its QR code encodes, a compact JWS (EdDSA) that " +
          "verifies against `GET /.well-known/ticket-keys.json` (docs/tickets.md). Set for an " +
          "active seat of a confirmed booking; null otherwise (waitlisted, pending, cancelled).",
      ),
  })
  .meta({ id: "Seat" });

export const registrationSchema = z
  .object({
    id: z.uuid(),
    event_id: z.uuid(),
    user_id: z.uuid(),
    status: z
      .enum(REGISTRATION_STATUSES)
      .describe(
        "`confirmed` (seat held), `pending` (seat held, awaiting the organizer's approval), " +
          "`waitlisted`, `cancelled`, `rejected`; `reserving` only while the seat request is " +
          "being settled.",
      ),
    waitlist_position: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe("1 = next to get a freed seat; null unless waitlisted."),
    confirmed_via: z
      .enum(CONFIRMATION_PATHS)
      .nullable()
      .describe("How the seat became the attendee's: `direct`, `approval` or `waitlist`."),
    checked_in_at: z.iso.datetime().nullable(),
    cancelled_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    ticket_type_id: z
      .uuid()
      .nullable()
      .describe("The booking's ticket type; null for a booking made before ticket types."),
    quantity: z.number().int().min(1).max(50).describe("Active seats of the booking."),
    answers: answersSchema.describe("Answers to the event's `per: booking` questions."),
    transferred_from: z
      .uuid()
      .nullable()
      .describe("For a booking received by transfer: the booking the seat came from."),
    seats: z
      .array(seatSchema)
      .describe("Every seat of the booking, in order (cancelled ones too)."),
  })
  .meta({
    id: "Registration",
    description: "A booking of one attendee for one event: `quantity` seats of one ticket type.",
  });

/** The reply for one registration, with its seats' ticket codes. */
export const registrationReply = async (
  deps: TicketCodeDeps,
  registration: Registration,
): Promise<RegistrationView> => {
  const [view] = await withTicketCodes(deps, [toView(registration)]);
  return view ?? toView(registration);
};

export const registrationPageSchema = z
  .object({
    items: z.array(registrationSchema),
    next_cursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` for the next page; null at the end."),
  })
  .meta({ id: "RegistrationPage" });

export const registrationIdParams = z.object({ id: z.uuid() });

// Cursors are opaque to clients: base64url of the last row's keyset.
const cursorPayload = z.object({ t: z.iso.datetime(), i: z.uuid() });

export const encodeCursor = (registration: Registration): string =>
  Buffer.from(
    JSON.stringify({ t: registration.createdAt.toISOString(), i: registration.id }),
  ).toString("base64url");

function decodeCursor(value: string): Keyset | undefined {
  try {
    const parsed = cursorPayload.safeParse(
      JSON.parse(Buffer.from(value, "base64url").toString("utf8")),
    );
    return parsed.success ? { createdAt: new Date(parsed.data.t), id: parsed.data.i } : undefined;
  } catch {
    return undefined;
  }
}

/** `limit`, `cursor` and `status` of every registration listing. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .max(200)
    .refine((value) => decodeCursor(value) !== undefined, "not a cursor from this API")
    .optional()
    .describe("`next_cursor` of the previous page."),
  status: z.enum(REGISTRATION_STATUSES).optional(),
});

export const keysetOf = (cursor: string | undefined): Keyset | undefined =>
  cursor === undefined ? undefined : decodeCursor(cursor);

/** One page from `limit + 1` rows: the extra row only says there is more. */
export async function pageOf(
  deps: TicketCodeDeps,
  rows: Registration[],
  limit: number,
): Promise<{ items: RegistrationView[]; next_cursor: string | null }> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: await withTicketCodes(deps, items.map(toView)),
    next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
