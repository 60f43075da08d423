import type { RequestHandler, Response } from "express";
import { holdsScope, TokenRejectedError, type Principal, type TokenVerifier } from "@turnout/kit";
import type { EventDetail } from "../domain/event";
import { visibleTypes, type TicketType } from "../domain/ticket-types";

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * For routes anyone may call whose reply depends on who asks: a valid bearer token puts its
 * principal in `res.locals.principal`; no token, or one that does not verify, reads as an
 * anonymous caller (who gets the public view, never a 401). So does an API token without
 * `events:read`.
 */
export function optionalViewer(verify: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const token = BEARER.exec(req.get("authorization") ?? "")?.[1];
    if (token) {
      try {
        const principal = await verify(token);
        if (holdsScope(principal, "events:read")) res.locals.principal = principal;
      } catch (error) {
        if (!(error instanceof TokenRejectedError)) throw error;
      }
    }
    next();
  };
}

/** The event's organizer or an admin. */
export const isManager = (
  principal: Principal | undefined,
  event: Pick<EventDetail, "organizerId">,
) =>
  principal !== undefined &&
  (principal.roles.includes("admin") ||
    (principal.roles.includes("organizer") &&
      principal.subject.toLowerCase() === event.organizerId));

/**
 * The types this caller may see: all for the organizer and admins; else the visible ones and
 * the hidden ones whose code came in `X-Access-Code` (never in the URL). The reply then varies
 * on that header and on the caller, and one that shows a hidden type is private.
 */
export function typesForViewer(
  res: Response,
  event: EventDetail,
  accessCode: string | undefined,
): TicketType[] {
  const principal = res.locals.principal as Principal | undefined;
  const types = visibleTypes(event.ticketTypes, {
    manager: isManager(principal, event),
    accessCode,
  });
  res.vary("X-Access-Code").vary("Authorization");
  if (types.some((type) => type.hidden)) res.set("Cache-Control", "private, no-store");
  return types;
}
