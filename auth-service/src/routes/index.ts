import { createServiceApi, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";

/** The gateway area this service owns (infra/postgres/services.json). */
export const AREA = "auth";

/**
 * `/api/v1/auth`: the service's public routes (API.md), one file per resource. Each is
 * added with `api.route()`, so `/api/v1/auth/openapi.json` documents exactly the schemas
 * that validate it.
 */
export function publicApi(_deps: AppDeps): ServiceApi {
  return createServiceApi({ area: AREA });
}
