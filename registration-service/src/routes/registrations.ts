import { z } from "zod";
import { displayNameSchema } from "@turnout/contracts";
import { principalOf, type ServiceApi } from "@turnout/kit";
import type { Response } from "express";
import type { AppDeps } from "../app";
import { ANSWER_TEXT_MAX } from "../domain/answers";
import { cancelRegistration } from "../domain/cancellation";
import { getRegistration, listMyRegistrations } from "../domain/queries";
import type { Caller } from "../domain/registration";
import { signUp } from "../domain/sign-up";
import { withTicketCodes } from "../domain/ticket-codes";
import { idempotencyKeyOf, readIdempotencyKey } from "./idempotency-key";
import {
  keysetOf,
  listQuery,
  pageOf,
  registrationIdParams,
  registrationPageSchema,
  registrationReply,
  registrationSchema,
} from "./registration-schema";

// Sizes are bounded here (400); what the answers must be is checked against the event's
// questions (422 `validation_failed`, naming each field).
const answerValue = z.union([
  z.string().max(ANSWER_TEXT_MAX * 4),
  z.boolean(),
  z.array(z.string().max(200)).max(20),
]);
const answersObject = z
  .record(z.string().min(1).max(100), answerValue)
  .refine((answers) => Object.keys(answers).length <= 30, "at most 30 answers")
  .describe(
    "Question id → answer: `text` a string of 1–1000 characters, `choice` one of the options, " +
      "`multi_choice` a list of distinct options, `checkbox` a boolean (`true` when required).",
  );

const signUpBody = z
  .object({
    event_id: z.uuid(),
    ticket_type_id: z
      .uuid()
      .optional()
      .describe("The ticket type; default the event's first (its default) type."),
    quantity: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe("Seats, all or none (default 1; at most the type's `max_per_order`)."),
    access_code: z.string().min(1).max(64).optional().describe("The code of a hidden ticket type."),
    answers: answersObject.optional().describe("Answers to the `per: booking` questions."),
    attendees: z
      .array(
        z.object({
          name: displayNameSchema.optional().describe("The seat's attendee."),
          answers: answersObject.optional().describe("Answers to the `per: seat` questions."),
        }),
      )
      .max(50)
      .optional()
      .describe("At most `quantity` items: seat `i` gets item `i`."),
  })
  .meta({ id: "RegisterForEventRequest" });

export const callerOf = (res: Response): Caller => {
  const principal = principalOf(res);
  return { id: principal.subject, roles: principal.roles };
};

export function registrationRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/",
      summary: "Book seats of an event",
      description:
        "Books `quantity` seats of one ticket type, all or none: holds them (`confirmed`, or " +
        "`pending` when the organizer approves each registration) or joins the waitlist as one " +
        "entry when they do not all fit, or when an entry of the same type with a party no " +
        "larger is already waiting. Promotion rule: when seats come free, the earliest waiting " +
        "entry whose whole party fits in its type's and the event's free seats is promoted, " +
        "again until none fits. The type's rules (hidden types need `access_code`, the sales " +
        "window, `max_per_order`) and the answers are checked before anything is written. " +
        "`{event_id}` alone books one seat of the default type. Send an " +
        "`Idempotency-Key` header (1–200 visible ASCII characters) to retry safely: a replay " +
        "with the same key answers the first reply again (header `Idempotent-Replayed: true`); " +
        "the same key with another body is 422 `idempotency_key_reused`.",
      auth: "bearer",
      scope: "registrations:write",
      request: { body: signUpBody },
      middleware: [readIdempotencyKey],
      responses: {
        201: {
          description: "The registration.",
          schema: registrationSchema,
          headers: z.object({ Location: z.string().describe("The registration's URL.") }),
        },
      },
      problems: {
        404: "`event_not_found`",
        409: "`already_registered`; `idempotency_key_in_progress` (retry after `Retry-After`).",
        422:
          "`event_not_open` (cancelled or started); `ticket_type_not_found` (also a hidden type " +
          "without its code); `sales_not_started`; `sales_ended`; `quantity_exceeds_max`; " +
          "`validation_failed` (answers or attendees, `errors` naming each field, e.g. " +
          "`answers.<question_id>`, `attendees.1.answers.<question_id>`); " +
          "`idempotency_key_reused` (the same key with another body).",
        503: "`ledger_unavailable` or `event_service_unavailable`: nothing was registered; retry.",
      },
    },
    async ({ body }, _req, res) => {
      const reply = await signUp(deps, callerOf(res), {
        eventId: body.event_id,
        ticketTypeId: body.ticket_type_id,
        quantity: body.quantity,
        accessCode: body.access_code,
        answers: body.answers,
        attendees: body.attendees,
        idempotencyKey: idempotencyKeyOf(res),
      });
      if (reply.replayed) res.set("Idempotent-Replayed", "true");
      res
        .status(reply.status)
        .location(`${api.basePath}/${reply.registration.id}`)
        .json((await withTicketCodes(deps, [reply.registration]))[0]);
    },
  );

  api.route(
    {
      method: "get",
      path: "/",
      summary: "My registrations, newest first",
      auth: "bearer",
      scope: "registrations:read",
      request: { query: listQuery },
      responses: { 200: { description: "One page.", schema: registrationPageSchema } },
    },
    async ({ query }, _req, res) => {
      const rows = await listMyRegistrations(deps, callerOf(res), {
        status: query.status,
        after: keysetOf(query.cursor),
        limit: query.limit + 1,
      });
      res.json(await pageOf(deps, rows, query.limit));
    },
  );

  api.route(
    {
      method: "get",
      path: "/:id",
      summary: "A registration (its attendee, the event's organizer or an admin)",
      auth: "bearer",
      scope: "registrations:read",
      request: { params: registrationIdParams },
      responses: { 200: { description: "The registration.", schema: registrationSchema } },
      problems: { 404: "`registration_not_found` (also when the caller may not see it)." },
    },
    async ({ params }, _req, res) => {
      res.json(
        await registrationReply(deps, await getRegistration(deps, callerOf(res), params.id)),
      );
    },
  );

  api.route(
    {
      method: "delete",
      path: "/:id",
      summary: "Cancel a registration (its attendee, the event's organizer or an admin)",
      description:
        "Every held seat is released and goes to the waitlist (the earliest entry that fits). " +
        "`registration-cancelled` names who cancelled.",
      auth: "bearer",
      scope: "registrations:write",
      request: { params: registrationIdParams },
      responses: {
        200: { description: "The registration, now `cancelled`.", schema: registrationSchema },
      },
      problems: {
        404: "`registration_not_found`",
        409: "`already_cancelled`; `invalid_state` (rejected, or already checked in).",
      },
    },
    async ({ params }, _req, res) => {
      res.json(
        await registrationReply(deps, await cancelRegistration(deps, callerOf(res), params.id)),
      );
    },
  );
}
