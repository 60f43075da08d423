import type { RequestHandler, Response } from "express";
import { validationFailed } from "@turnout/kit";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

/** 1–200 visible ASCII characters (no spaces or controls), as the API documents. */
const VALID_KEY = /^[\x21-\x7E]{1,200}$/;

/**
 * Checks the optional `Idempotency-Key` header (400 `validation_failed` naming it when it is
 * malformed) and keeps it for the handler. Headers are not part of the route's zod schemas,
 * so it runs as the route's middleware.
 */
export const readIdempotencyKey: RequestHandler = (req, res, next) => {
  const value = req.get(IDEMPOTENCY_KEY_HEADER);
  if (value !== undefined && !VALID_KEY.test(value)) {
    next(
      validationFailed(
        [
          {
            path: IDEMPOTENCY_KEY_HEADER,
            message: "must be 1 to 200 visible ASCII characters",
            code: "invalid_format",
          },
        ],
        "The Idempotency-Key header is not valid.",
      ),
    );
    return;
  }
  res.locals.idempotencyKey = value;
  next();
};

export const idempotencyKeyOf = (res: Response): string | undefined =>
  res.locals.idempotencyKey as string | undefined;
