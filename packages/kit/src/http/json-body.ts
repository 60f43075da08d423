import { isUtf8 } from "node:buffer";
import express, { type Request, type RequestHandler } from "express";
import { unsupportedMediaType } from "../errors/app-error";

export const DEFAULT_BODY_LIMIT = 100 * 1024;

const JSON_TYPES = ["application/json", "application/*+json"];

/** Whether the request carries a body at all (Content-Length > 0 or chunked). */
const hasBody = (req: Request): boolean =>
  req.headers["transfer-encoding"] !== undefined ||
  (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");

export interface JsonBodyOptions {
  /** Bytes, or a size string body-parser understands (`100kb`). */
  limit?: number | string;
  /** Requests this returns true for may carry non-JSON bodies (a route parses them itself). */
  allowNonJson?: (req: Request) => boolean;
}

/**
 * Refuses bodies that are not JSON with 415 before anything reads them. Without this,
 * body-parser silently skips them and the route sees `req.body === undefined`, which
 * would surface as a confusing validation error.
 */
export function requireJsonContentType(allowNonJson?: (req: Request) => boolean): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req) || req.is(JSON_TYPES) !== false || allowNonJson?.(req) === true) {
      next();
      return;
    }
    next(
      unsupportedMediaType(
        "unsupported_media_type",
        "Request bodies must be JSON (Content-Type: application/json).",
      ),
    );
  };
}

class InvalidUtf8Error extends Error {
  readonly status = 400;
  readonly type = "entity.encoding.invalid";
}

/**
 * body-parser's JSON parser plus the 415 rule. Top-level `null`, numbers and arrays are
 * accepted (`strict: false`) so that the route's zod schema, not the parser, says what
 * shape it expected. Invalid UTF-8 is refused instead of being decoded into U+FFFD.
 */
export function jsonBody(options: JsonBodyOptions = {}): RequestHandler[] {
  const parser = express.json({
    limit: options.limit ?? DEFAULT_BODY_LIMIT,
    strict: false,
    type: JSON_TYPES,
    verify: (_req, _res, buffer, encoding) => {
      if (encoding.toLowerCase().replace("-", "") === "utf8" && !isUtf8(buffer)) {
        throw new InvalidUtf8Error("request body is not valid UTF-8");
      }
    },
  });
  return [requireJsonContentType(options.allowNonJson), parser];
}
