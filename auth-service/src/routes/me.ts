import { principalOf, unauthorized, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { getAccount } from "../domain/accounts";
import { accountReply, accountSchema } from "./account-schema";

export function meRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/me",
      summary: "The caller's account",
      auth: "bearer",
      scope: "profile:read",
      responses: { 200: { description: "The account.", schema: accountSchema } },
    },
    async (_input, _req, res) => {
      const principal = principalOf(res);
      const account = await getAccount(deps, principal.subject);
      // A valid token for a deleted account: the token outlived what it speaks for.
      if (!account) throw unauthorized("invalid_token", "The account no longer exists.");
      res.json(accountReply(account));
    },
  );
}
