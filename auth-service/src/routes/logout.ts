import { z } from "zod";
import { principalOf, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { logout } from "../domain/logout";
import { clearRefreshCookie, cookieToken, guardWebSession, isWebClient } from "./web-session";

const logoutBody = z
  .object({
    refresh_token: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        "The session's refresh token: its whole family is revoked with it. The web app " +
          "(`X-Turnout-Client: web`) sends none: its `turnout_refresh` cookie is used and cleared.",
      ),
  })
  .meta({ id: "LogoutRequest" });

export function logoutRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/logout",
      summary: "Log out: revoke the access token everywhere and, if given, the refresh session",
      auth: "bearer",
      middleware: [guardWebSession],
      // No body at all is a logout without a refresh token.
      request: { body: logoutBody.optional() },
      responses: { 204: { description: "Logged out." } },
      problems: {
        403: "`cross_site_request`: the session cookie, or `X-Turnout-Client: web`, from another origin or without that header.",
      },
    },
    async ({ body }, req, res) => {
      const web = isWebClient(req);
      const token = body?.refresh_token ?? (web ? cookieToken(req) : undefined);
      await logout(deps, principalOf(res), token);
      if (web) clearRefreshCookie(res, api.basePath);
      res.status(204).end();
    },
  );
}
