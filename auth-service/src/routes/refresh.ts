import { z } from "zod";
import { unauthorized, validationFailed, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { refresh } from "../domain/sessions";
import { sendTokens, tokenReplyHeaders, tokenReplySchema, WEB_TOKEN_REPLY } from "./token-reply";
import { clearRefreshCookie, cookieToken, guardWebSession, isWebClient } from "./web-session";

const refreshBody = z
  .object({
    refresh_token: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        "Required, except for the web app (`X-Turnout-Client: web`), whose token is in the " +
          "`turnout_refresh` cookie.",
      ),
  })
  .meta({ id: "RefreshRequest" });

export function refreshRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/refresh",
      summary: "Exchange a refresh token for new tokens (the refresh token works once)",
      description: `${WEB_TOKEN_REPLY} The web app sends no token: the cookie is used (and cleared when it does not work).`,
      auth: "none",
      middleware: [guardWebSession],
      // The web app may send no body at all.
      request: { body: refreshBody.optional() },
      responses: {
        200: {
          description: "New access and refresh tokens.",
          schema: tokenReplySchema,
          headers: tokenReplyHeaders,
        },
      },
      problems: {
        401: "`invalid_refresh_token`: unknown, expired, revoked or already used; a re-used token also revokes its whole session family.",
        403: "`cross_site_request`: the session cookie, or `X-Turnout-Client: web`, from another origin or without that header.",
      },
    },
    async ({ body }, req, res) => {
      const web = isWebClient(req);
      const token = body?.refresh_token ?? (web ? cookieToken(req) : undefined);
      if (token === undefined) {
        if (!web)
          throw validationFailed([
            { path: "refresh_token", message: "Required", code: "invalid_type" },
          ]);
        throw unauthorized("invalid_refresh_token", "No session cookie: sign in again.");
      }
      try {
        const pair = await refresh(deps, token);
        sendTokens(req, res, pair, {
          basePath: api.basePath,
          maxAgeSeconds: deps.settings.refreshTokenTtlSeconds,
        });
      } catch (error) {
        // A cookie that no longer works is dropped, so the browser stops sending it.
        if (web) clearRefreshCookie(res, api.basePath);
        throw error;
      }
    },
  );
}
