import type { Request, Response } from "express";
import { z } from "zod";
import type { TokenPair } from "../domain/sessions";
import { isWebClient, setRefreshCookie } from "./web-session";

export const tokenReplySchema = z
  .object({
    access_token: z.string(),
    refresh_token: z
      .string()
      .optional()
      .describe(
        "The refresh token. Left out for the web app (`X-Turnout-Client: web`), which gets it " +
          "in the `turnout_refresh` cookie instead (HttpOnly, Secure, SameSite=Strict, " +
          "path `/api/v1/auth`).",
      ),
    token_type: z.literal("Bearer"),
    expires_in: z.int().describe("Seconds until the access token expires."),
  })
  .meta({ id: "TokenReply" });

/** The cookie the web app gets, as a documented response header. */
export const tokenReplyHeaders = z.object({
  "Set-Cookie": z
    .string()
    .optional()
    .describe(
      "Only with `X-Turnout-Client: web`: `turnout_refresh=<refresh token>; Path=/api/v1/auth; " +
        "HttpOnly; Secure; SameSite=Strict; Max-Age=<refresh-token lifetime>`.",
    ),
});

/** What `/login` and `/refresh` answer when the web app opted into the cookie. */
export const WEB_TOKEN_REPLY =
  "With `X-Turnout-Client: web` (the web app) the refresh token is set in the `turnout_refresh` " +
  "cookie (HttpOnly, Secure, SameSite=Strict, path `/api/v1/auth`) and left out of the body.";

/**
 * The OAuth-style token reply (`Cache-Control: no-store`): the refresh token in the body, or,
 * for the web app, in the session cookie only.
 */
export function sendTokens(
  req: Request,
  res: Response,
  pair: TokenPair,
  cookie: { basePath: string; maxAgeSeconds: number },
): void {
  res.set("Cache-Control", "no-store");
  const reply: z.input<typeof tokenReplySchema> = {
    access_token: pair.accessToken,
    token_type: pair.tokenType,
    expires_in: pair.expiresIn,
  };
  if (isWebClient(req)) {
    setRefreshCookie(res, cookie.basePath, pair.refreshToken, cookie.maxAgeSeconds);
    res.json(reply);
  } else {
    res.json({ ...reply, refresh_token: pair.refreshToken });
  }
}
