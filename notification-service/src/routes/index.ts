import type { RequestHandler } from "express";
import { authenticate, createServiceApi, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { notificationRoutes } from "./notifications";
import { STREAM_PATH, streamRoutes } from "./stream";

/** The gateway area this service owns (infra/postgres/services.json). */
export const AREA = "notifications";

/**
 * Header tokens everywhere; `?access_token=` only for the stream, which EventSource opens
 * without being able to set headers. Tokens in URLs end up in histories and proxy logs, so no
 * other route takes one. (`req.route` is the matched route while its handlers run.)
 */
function authenticateUsers(deps: AppDeps): RequestHandler {
  const headerOnly = authenticate(deps.verifyUser, { logger: deps.logger });
  const headerOrQuery = authenticate(deps.verifyUser, {
    logger: deps.logger,
    allowQueryToken: true,
  });
  return (req, res, next) => {
    const path = (req.route as { path?: unknown } | undefined)?.path;
    return (path === STREAM_PATH ? headerOrQuery : headerOnly)(req, res, next);
  };
}

/**
 * `/api/v1/notifications`: the service's public routes (README.md), one file per resource. Each is
 * added with `api.route()`, so `/api/v1/notifications/openapi.json` documents exactly the schemas
 * that validate it.
 */
export function publicApi(deps: AppDeps): ServiceApi {
  const api = createServiceApi({ area: AREA, authenticate: authenticateUsers(deps) });
  streamRoutes(api, deps);
  notificationRoutes(api, deps);
  return api;
}
