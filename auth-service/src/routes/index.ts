import { authenticate, createServiceApi, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { apiTokenRoutes } from "./api-tokens";
import { loginRoutes } from "./login";
import { logoutRoutes } from "./logout";
import { meRoutes } from "./me";
import { passwordResetRoutes } from "./password-reset";
import { publicKeyRoutes } from "./public-keys";
import { refreshRoutes } from "./refresh";
import { registerRoutes } from "./register";
import { roleRoutes } from "./roles";
import { verifyEmailRoutes } from "./verify-email";

/** The gateway area this service owns (infra/postgres/services.json). */
export const AREA = "auth";

/**
 * `/api/v1/auth`: the service's public routes (README.md), one file per resource. Each is
 * added with `api.route()`, so `/api/v1/auth/openapi.json` documents exactly the schemas
 * that validate it.
 */
export function publicApi(deps: AppDeps): ServiceApi {
  const api = createServiceApi({
    area: AREA,
    authenticate: authenticate(deps.verifyUser, { logger: deps.logger }),
  });
  publicKeyRoutes(api, deps);
  registerRoutes(api, deps);
  loginRoutes(api, deps);
  refreshRoutes(api, deps);
  logoutRoutes(api, deps);
  meRoutes(api, deps);
  roleRoutes(api, deps);
  apiTokenRoutes(api, deps);
  passwordResetRoutes(api, deps);
  verifyEmailRoutes(api, deps);
  return api;
}

/** Outside the area: the gateway sends `/.well-known/jwks.json` here unchanged. */
export { servePublicKeys } from "./public-keys";
