import { z } from "zod";
import { principalOf, ROLES, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { changeRoles } from "../domain/roles";
import { accountReply, accountSchema } from "./account-schema";

const rolesBody = z
  .object({
    roles: z
      .array(z.enum(ROLES))
      .min(1)
      .max(ROLES.length)
      .refine((roles) => new Set(roles).size === roles.length, "roles must be unique")
      .describe("The account's new roles; `attendee` is always kept."),
  })
  .meta({ id: "SetRolesRequest" });

export function roleRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "put",
      path: "/users/:id/roles",
      summary:
        "Set an account's roles (admin only); the account's older access tokens are revoked everywhere",
      description:
        "When the roles change, every access token of the account issued up to now is revoked " +
        "in every service within seconds (`sessions-revoked`, reason `roles_changed`); the " +
        "account's clients refresh and get tokens with the new roles. The reply comes once the " +
        "next second has begun (`iat` has whole seconds), so a token minted after it works.",
      auth: { roles: ["admin"] },
      request: { params: z.object({ id: z.uuid() }), body: rolesBody },
      responses: { 200: { description: "The account with its new roles.", schema: accountSchema } },
      problems: {
        404: "`user_not_found`",
        422: "`cannot_remove_own_admin`: an admin cannot drop their own admin role.",
      },
    },
    async ({ params, body }, _req, res) => {
      const account = await changeRoles(
        deps,
        { id: principalOf(res).subject },
        params.id,
        body.roles,
      );
      res.json(accountReply(account));
    },
  );
}
