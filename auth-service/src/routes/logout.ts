import { z } from "zod";
import { principalOf, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { logout } from "../domain/logout";

const logoutBody = z
  .object({
    refresh_token: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("The session's refresh token: its whole family is revoked with it."),
  })
  .meta({ id: "LogoutRequest" });

export function logoutRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/logout",
      summary: "Log out: revoke the access token everywhere and, if given, the refresh session",
      auth: "bearer",
      // No body at all is a logout without a refresh token.
      request: { body: logoutBody.optional() },
      responses: { 204: { description: "Logged out." } },
    },
    async ({ body }, _req, res) => {
      await logout(deps, principalOf(res), body?.refresh_token);
      res.status(204).end();
    },
  );
}
