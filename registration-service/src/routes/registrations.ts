import { z } from "zod";
import { principalOf, type ServiceApi } from "@turnout/kit";
import type { Response } from "express";
import type { AppDeps } from "../app";
import { cancelRegistration } from "../domain/cancellation";
import { getRegistration, listMyRegistrations } from "../domain/queries";
import type { Caller } from "../domain/registration";
import { signUp } from "../domain/sign-up";
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

const signUpBody = z.object({ event_id: z.uuid() }).meta({ id: "RegisterForEventRequest" });

export const callerOf = (res: Response): Caller => {
  const principal = principalOf(res);
  return { id: principal.subject, roles: principal.roles };
};

export function registrationRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/",
      summary: "Register for an event",
      description:
        "Holds a seat (`confirmed`, or `pending` when the organizer approves each registration) " +
        "or joins the waitlist when the event is full or others are already waiting. Send an " +
        "`Idempotency-Key` header (1–200 visible ASCII characters) to retry safely: a replay " +
        "with the same key answers the first reply again (header `Idempotent-Replayed: true`); " +
        "the same key with another body is 422 `idempotency_key_reused`.",
      auth: "bearer",
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
        422: "`event_not_open` (cancelled or started); `idempotency_key_reused`.",
        503: "`ledger_unavailable` or `event_service_unavailable`: nothing was registered; retry.",
      },
    },
    async ({ body }, _req, res) => {
      const reply = await signUp(deps, callerOf(res), {
        eventId: body.event_id,
        idempotencyKey: idempotencyKeyOf(res),
      });
      if (reply.replayed) res.set("Idempotent-Replayed", "true");
      res
        .status(reply.status)
        .location(`${api.basePath}/${reply.registration.id}`)
        .json(reply.registration);
    },
  );

  api.route(
    {
      method: "get",
      path: "/",
      summary: "My registrations, newest first",
      auth: "bearer",
      request: { query: listQuery },
      responses: { 200: { description: "One page.", schema: registrationPageSchema } },
    },
    async ({ query }, _req, res) => {
      const rows = await listMyRegistrations(deps, callerOf(res), {
        status: query.status,
        after: keysetOf(query.cursor),
        limit: query.limit + 1,
      });
      res.json(pageOf(rows, query.limit));
    },
  );

  api.route(
    {
      method: "get",
      path: "/:id",
      summary: "A registration (its attendee, the event's organizer or an admin)",
      auth: "bearer",
      request: { params: registrationIdParams },
      responses: { 200: { description: "The registration.", schema: registrationSchema } },
      problems: { 404: "`registration_not_found` (also when the caller may not see it)." },
    },
    async ({ params }, _req, res) => {
      res.json(registrationReply(await getRegistration(deps, callerOf(res), params.id)));
    },
  );

  api.route(
    {
      method: "delete",
      path: "/:id",
      summary: "Cancel a registration (its attendee, the event's organizer or an admin)",
      description:
        "A held seat is released and goes to the first waitlisted attendee. " +
        "`registration-cancelled` names who cancelled.",
      auth: "bearer",
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
      res.json(registrationReply(await cancelRegistration(deps, callerOf(res), params.id)));
    },
  );
}
