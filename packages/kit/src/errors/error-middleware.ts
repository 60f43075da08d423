import { randomUUID } from "node:crypto";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { getContext } from "../context/request-context";
import type { Logger } from "../logging/logger";
import { notFound } from "./app-error";
import { normalizeError, PROBLEM_CONTENT_TYPE, toProblem } from "./problem";

/** For routes nobody registered: the same problem shape as every other error. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(notFound("not_found", "No resource exists at this path."));
};

/**
 * The one error middleware: every failure leaves as `application/problem+json`. Bugs and
 * outages are logged with their stack and answered with a generic 500 so no internals
 * leak; client mistakes are logged briefly and explained.
 */
export function createErrorHandler(options: { logger: Logger }): ErrorRequestHandler {
  const { logger } = options;
  return (err: unknown, req, res, next) => {
    const { error, unexpected } = normalizeError(err);
    // `req.path` leaves out the query string, which may carry an access token.
    const where = { method: req.method, path: req.path, status: error.status, code: error.code };
    if (unexpected || error.status >= 500) {
      logger.error("request failed", { ...where, error: unexpected ? err : error });
    } else {
      logger.info("request rejected", where);
    }

    if (res.headersSent) {
      // Too late for a problem body; Express's final handler aborts the connection.
      next(err);
      return;
    }
    const requestId = getContext()?.requestId ?? randomUUID();
    if (error.headers) res.set(error.headers);
    res
      .status(error.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(toProblem(error, requestId)));
  };
}
