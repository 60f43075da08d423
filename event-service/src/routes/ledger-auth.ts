import type { RequestHandler } from "express";
import {
  authenticate,
  forbidden,
  principalOf,
  type Logger,
  type TokenVerifier,
} from "@turnout/kit";

/**
 * The seat ledger's door: a service token addressed to this service (`verifyService` refuses
 * user tokens and other audiences with 401 `invalid_token`), from a caller named in
 * `LEDGER_CLIENTS` (403 `forbidden` otherwise).
 */
export function ledgerAuth(options: {
  verifyService: TokenVerifier;
  clients: readonly string[];
  logger: Logger;
}): RequestHandler[] {
  const allowClient: RequestHandler = (_req, res, next) => {
    const principal = principalOf(res);
    if (principal.kind === "service" && options.clients.includes(principal.subject)) {
      next();
      return;
    }
    options.logger.warn("seat ledger refused a service", { caller: principal.subject });
    next(forbidden("forbidden", "This service may not use the seat ledger."));
  };
  return [authenticate(options.verifyService, { logger: options.logger }), allowClient];
}
