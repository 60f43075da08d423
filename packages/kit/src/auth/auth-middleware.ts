import type { NextFunction, Request, RequestHandler, Response } from "express";
import { forbidden, unauthorized } from "../errors";
import { updateContext } from "../context";
import type { Logger } from "../logging/logger";
import { TokenRejectedError, type Principal, type Role, type TokenVerifier } from "./verify-token";

export interface AuthenticateOptions {
  logger: Logger;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * The token of `Authorization: Bearer`, and only there: a token in a URL would end up in access
 * and error logs, browser history and Referer headers.
 */
function bearerToken(req: Request): string | undefined {
  const header = req.get("authorization");
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

const challenge = (error: "invalid_token" | undefined) => ({
  headers: { "WWW-Authenticate": error ? `Bearer error="${error}"` : "Bearer" },
});

/**
 * Verifies the bearer token and puts the principal in `res.locals.principal`. Every refusal is
 * the same 401 for the client; the reason (expired, unknown key, bad signature...) is logged,
 * the token never is.
 */
export function authenticate(verify: TokenVerifier, options: AuthenticateOptions): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    if (!token) {
      next(unauthorized("unauthorized", "A bearer token is required.", challenge(undefined)));
      return;
    }
    try {
      const principal = await verify(token);
      res.locals.principal = principal;
      updateContext({ userId: principal.subject });
      next();
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      options.logger.warn("access token rejected", { reason: error.reason, path: req.path });
      next(
        unauthorized(
          "invalid_token",
          "The access token is invalid or expired.",
          challenge("invalid_token"),
        ),
      );
    }
  };
}

/** The authenticated caller; only valid behind `authenticate`. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal)
    throw unauthorized("unauthorized", "A bearer token is required.", challenge(undefined));
  return principal;
}

/** 403 unless the caller holds one of `roles`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (principal.roles.some((role) => roles.includes(role))) next();
    else next(forbidden("forbidden", "You are not allowed to do this."));
  };
}
