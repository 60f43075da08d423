import type { ApiScope, ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import {
  approveRegistration,
  checkInRegistration,
  rejectRegistration,
} from "../domain/organizer-actions";
import type { Caller, Registration } from "../domain/registration";
import type { RegistrationDeps } from "../domain/deps";
import { registrationIdParams, registrationReply, registrationSchema } from "./registration-schema";
import { callerOf } from "./registrations";

type Action = (deps: RegistrationDeps, caller: Caller, id: string) => Promise<Registration>;

const ACTIONS: readonly {
  path: string;
  summary: string;
  action: Action;
  reply: string;
  conflict: string;
  scope: ApiScope;
}[] = [
  {
    path: "/:id/approve",
    summary: "Approve a pending registration (the event's organizer or an admin)",
    action: approveRegistration,
    reply: "The registration, now `confirmed` (`confirmed_via: approval`).",
    conflict: "`invalid_state`: only a pending registration can be approved.",
    scope: "registrations:write",
  },
  {
    path: "/:id/reject",
    summary: "Reject a pending registration (the event's organizer or an admin)",
    action: rejectRegistration,
    reply: "The registration, now `rejected`; its seat goes to the waitlist.",
    conflict: "`invalid_state`: only a pending registration can be rejected.",
    scope: "registrations:write",
  },
  {
    path: "/:id/check-in",
    summary: "Check a confirmed attendee in (the event's organizer or an admin)",
    action: checkInRegistration,
    reply: "The registration with `checked_in_at` set.",
    conflict: "`already_checked_in`; `invalid_state` when not confirmed.",
    scope: "checkin:write",
  },
];

export function registrationActionRoutes(api: ServiceApi, deps: AppDeps): void {
  for (const { path, summary, action, reply, conflict, scope } of ACTIONS) {
    api.route(
      {
        method: "post",
        path,
        summary,
        auth: "bearer",
        scope,
        request: { params: registrationIdParams },
        responses: { 200: { description: reply, schema: registrationSchema } },
        problems: {
          403: "`forbidden`: the attendee cannot do this to their own registration.",
          404: "`registration_not_found` (also when the caller may not see it).",
          409: conflict,
        },
      },
      async ({ params }, _req, res) => {
        res.json(await registrationReply(deps, await action(deps, callerOf(res), params.id)));
      },
    );
  }
}
