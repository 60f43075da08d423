import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { runWithContext } from "../context/request-context";

export const REQUEST_ID_HEADER = "x-request-id";

// Client-supplied ids end up in logs and Kafka headers, so only short plain tokens are
// trusted; anything else (newlines, JSON, megabytes) is replaced.
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export const isSaneRequestId = (value: unknown): value is string =>
  typeof value === "string" && SANE_REQUEST_ID.test(value);

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** W3C Trace Context `traceparent` validation (version 00 exactly, future versions leniently). */
export function isValidTraceparent(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 512) return false;
  const match = TRACEPARENT.exec(value);
  if (!match) return false;
  const [, version, traceId, parentId, , rest] = match;
  if (version === "ff") return false;
  if (version === "00" && rest !== undefined) return false;
  return !/^0+$/.test(traceId ?? "0") && !/^0+$/.test(parentId ?? "0");
}

/**
 * Gives each request an id (the caller's, when sane) and runs the rest of the chain inside
 * its AsyncLocalStorage context, so logs and published events carry it.
 */
export const requestContext: RequestHandler = (req, res, next) => {
  const incoming = req.get(REQUEST_ID_HEADER);
  const requestId = isSaneRequestId(incoming) ? incoming : randomUUID();
  const traceparent = req.get("traceparent");
  res.setHeader(REQUEST_ID_HEADER, requestId);
  runWithContext(
    isValidTraceparent(traceparent) ? { requestId, traceparent } : { requestId },
    next,
  );
};
