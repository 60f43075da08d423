import type { RequestHandler } from "express";
import { z } from "zod";
import { uuidInput } from "./event-schema";

export const eventIdParams = z.object({ id: uuidInput.describe("The event's id.") });

/**
 * A path segment that is not a UUID names no event, so the path is answered like any path
 * nobody serves: 404 `not_found` (every service's basic contract for unknown paths under its
 * area, e.g. `/api/v1/events/no-such-route`), never a 500 from a bad cast.
 */
export const eventIdOrNotFound: RequestHandler = (req, _res, next) => {
  next(z.uuid().safeParse(req.params.id).success ? undefined : "route");
};
