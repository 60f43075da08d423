import type { RequestHandler } from "express";
import { authenticate, badRequest, createServiceApi, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { notificationRoutes } from "./notifications";
import { streamRoutes } from "./stream";
import { webhookDeliveryRoutes } from "./webhook-deliveries";
import { webhookEndpointActionRoutes } from "./webhook-endpoint-actions";
import { webhookEndpointRoutes } from "./webhook-endpoints";

/** The gateway area this service owns (infra/postgres/services.json). */
export const AREA = "notifications";

/**
 * `Authorization: Bearer` on every route, the stream included. A token in the URL
 * (`?access_token=`, which the stream took until issue 18) is refused with 400
 * `token_in_url` before anything else, even beside a valid header: URLs end up in browser
 * histories and in proxies' logs (nginx prints the request line on upstream errors).
 */
function authenticateUsers(deps: AppDeps): RequestHandler {
  const headerOnly = authenticate(deps.verifyUser, { logger: deps.logger });
  return (req, res, next) => {
    if (Object.hasOwn(req.query, "access_token")) {
      next(
        badRequest(
          "token_in_url",
          "Access tokens are not accepted in the URL; send them in the Authorization header " +
            "(Bearer). Treat the token you sent as exposed.",
        ),
      );
      return;
    }
    return headerOnly(req, res, next);
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

/** `/api/v1/webhooks`: organizers' and admins' webhook endpoints and their delivery logs. */
export function webhooksApi(deps: AppDeps): ServiceApi {
  const api = createServiceApi({ area: "webhooks", authenticate: authenticateUsers(deps) });
  webhookEndpointRoutes(api, deps);
  webhookEndpointActionRoutes(api, deps);
  webhookDeliveryRoutes(api, deps);
  return api;
}
