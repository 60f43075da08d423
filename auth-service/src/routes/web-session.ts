import { parse as parseCookie } from "cookie";
import type { CookieOptions, Request, RequestHandler, Response } from "express";
import { forbidden } from "@turnout/kit";

/**
 * The web app's session cookie (issue 18, item 10). The web app opts in with the header
 * `X-Turnout-Client: web` on `/login`, `/refresh` and `/logout`; the refresh token then travels
 * only in an `HttpOnly; Secure; SameSite=Strict` cookie scoped to the auth routes (script cannot
 * read it) and never in a body. Every other client keeps the documented body fields.
 *
 * CSRF: a request that uses the cookie must be the web app's own.
 * - `SameSite=Strict`: the browser sends the cookie on same-site requests only.
 * - The custom header is required: a cross-site form cannot send one, and a cross-origin
 *   script can only after a CORS preflight, which no Turnout service answers.
 * - When the browser says where the request comes from, it must be this origin:
 *   `Sec-Fetch-Site` (if sent) is `same-origin`, and `Origin` (if sent) names this host. That
 *   also refuses a same-site neighbour (another port of the host), which `SameSite` lets through.
 * A request with the cookie that fails a check is refused with 403 `cross_site_request`.
 */
export const WEB_CLIENT_HEADER = "X-Turnout-Client";
export const WEB_CLIENT_VALUE = "web";
export const REFRESH_COOKIE = "turnout_refresh";

/** Whether the web app asked for the cookie (`X-Turnout-Client: web`). */
export const isWebClient = (req: Request): boolean =>
  req.get(WEB_CLIENT_HEADER)?.trim().toLowerCase() === WEB_CLIENT_VALUE;

/** The refresh token in the request's cookie, if any. */
export function cookieToken(req: Request): string | undefined {
  const value = parseCookie(req.get("cookie") ?? "")[REFRESH_COOKIE];
  return value === undefined || value === "" ? undefined : value;
}

function fromThisOrigin(req: Request): boolean {
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") return false;
  const origin = req.get("origin");
  if (origin === undefined) return true;
  try {
    return new URL(origin).hostname === req.hostname;
  } catch {
    // `Origin: null` (a sandboxed frame, a redirect across origins) or junk.
    return false;
  }
}

/**
 * Refuses a request that opts into the cookie or carries it, unless it passes the checks above.
 * Call it before the cookie is read or set.
 */
export function assertWebRequest(req: Request): void {
  if (isWebClient(req) && fromThisOrigin(req)) return;
  throw forbidden(
    "cross_site_request",
    "The session cookie is only accepted from the Turnout web app itself.",
  );
}

/** The cookie's attributes: the auth routes only (`basePath`), never readable by script. */
const cookieOptions = (basePath: string): CookieOptions => ({
  httpOnly: true,
  secure: true,
  sameSite: "strict",
  path: basePath,
});

export function setRefreshCookie(
  res: Response,
  basePath: string,
  token: string,
  maxAgeSeconds: number,
): void {
  res.cookie(REFRESH_COOKIE, token, { ...cookieOptions(basePath), maxAge: maxAgeSeconds * 1000 });
}

export function clearRefreshCookie(res: Response, basePath: string): void {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(basePath));
}

/**
 * Route middleware for `/login`, `/refresh` and `/logout`: a request that opts into the cookie
 * or carries it passes the checks above, or is refused before anything else happens.
 */
export const guardWebSession: RequestHandler = (req, _res, next) => {
  try {
    if (isWebClient(req) || cookieToken(req) !== undefined) assertWebRequest(req);
    next();
  } catch (error) {
    next(error);
  }
};
