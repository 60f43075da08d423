import type { NextFunction, Request, RequestHandler, Response } from "express";
import { forbidden, unauthorized } from "../errors";
import { updateContext } from "../context";
import type { Logger } from "../logging/logger";
import { TokenRejectedError, type Principal, type Role, type TokenVerifier } from "./verify-token";

export interface AuthenticateOptions {
  logger: Logger;
  /** EventSource cannot set headers: the notification stream also takes `?access_token=`. */
  allowQueryToken?: boolean;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

function bearerToken(req: Request, allowQueryToken: boolean): string | undefined {
  const header = req.get("authorization");
  if (header !== undefined) return BEARER.exec(header)?.[1];
  const query: unknown = req.query.access_token;
  return allowQueryToken && typeof query === "string" ? query : undefined;
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
    const token = bearerToken(req, options.allowQueryToken ?? false);
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
