import { authenticate, createServiceApi, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { calendarRoutes } from "./calendar";
import { checkInHelperRoutes } from "./check-in-helpers";
import { checkInStreamRoutes } from "./check-in-stream";
import { checkInRoutes } from "./check-ins";
import { eventAttendeeRoutes } from "./event-attendees";
import { eventMessageRoutes } from "./event-messages";
import { registrationActionRoutes } from "./registration-actions";
import { registrationRoutes } from "./registrations";
import { seatRoutes } from "./seats";
import { ticketKeyRoutes } from "./ticket-keys";
import { transferRoutes } from "./transfers";

/** The gateway area this service owns (infra/postgres/services.json). */
export const AREA = "registrations";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/api/v1/registrations`: the service's public routes (README.md), one file per resource. Each is
 * added with `api.route()`, so `/api/v1/registrations/openapi.json` documents exactly the schemas
 * that validate it.
 */
export function publicApi(deps: AppDeps): ServiceApi {
  const api = createServiceApi({
    area: AREA,
    authenticate: authenticate(deps.verifyUser, { logger: deps.logger }),
  });
  // A path segment that is not a UUID names no registration or event: the path does not exist
  // (404 `not_found`, before authentication), like any other unknown path.
  for (const name of ["id", "event_id", "seat_id", "transfer_id"]) {
    api.router.param(name, (_req, _res, next, value) => {
      next(typeof value === "string" && UUID.test(value) ? undefined : "route");
    });
  }
  ticketKeyRoutes(api, deps);
  transferRoutes(api, deps);
  registrationRoutes(api, deps);
  calendarRoutes(api, deps);
  checkInRoutes(api, deps);
  checkInHelperRoutes(api, deps);
  checkInStreamRoutes(api, deps);
  registrationActionRoutes(api, deps);
  seatRoutes(api, deps);
  eventAttendeeRoutes(api, deps);
  eventMessageRoutes(api, deps);
  return api;
}
