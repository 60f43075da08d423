import { authenticate, createServiceApi, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { availabilityRoutes } from "./availability";
import { eventListRoutes } from "./event-list";
import { eventRoutes } from "./events";

/** The gateway area this service owns (infra/postgres/services.json). */
export const AREA = "events";

/**
 * `/api/v1/events`: the service's public routes (README.md), one file per resource. Each is
 * added with `api.route()`, so `/api/v1/events/openapi.json` documents exactly the schemas
 * that validate it.
 */
export function publicApi(deps: AppDeps): ServiceApi {
  const api = createServiceApi({
    area: AREA,
    authenticate: authenticate(deps.verifyUser, { logger: deps.logger }),
  });
  eventListRoutes(api, deps);
  eventRoutes(api, deps);
  availabilityRoutes(api, deps);
  return api;
}
