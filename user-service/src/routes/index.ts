import { authenticate, createServiceApi, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import type { AvatarDeps } from "../domain/avatars";
import { activityRoutes } from "./activity";
import { avatarRoutes } from "./avatar";
import { meRoutes } from "./me";
import { profileRoutes } from "./profiles";
import { settingsRoutes } from "./settings";

/** The gateway area this service owns (infra/postgres/services.json). */
export const AREA = "users";

/** What the route files need: the use cases' dependencies. */
export interface RouteDeps {
  profiles: AvatarDeps;
}

/**
 * `/api/v1/users`: the service's public routes (README.md), one file per resource. Each is
 * added with `api.route()`, so `/api/v1/users/openapi.json` documents exactly the schemas
 * that validate it. `/me...` comes before `/:id`, which only matches a UUID anyway.
 */
export function publicApi(deps: AppDeps): ServiceApi {
  const api = createServiceApi({
    area: AREA,
    authenticate: authenticate(deps.verifyUser, { logger: deps.logger }),
  });
  const routeDeps: RouteDeps = {
    profiles: {
      data: deps.data,
      avatars: deps.avatars,
      logger: deps.logger,
      settings: deps.settings.avatars,
    },
  };
  meRoutes(api, routeDeps);
  avatarRoutes(api, routeDeps);
  settingsRoutes(api, routeDeps);
  activityRoutes(api, routeDeps);
  profileRoutes(api, routeDeps);
  return api;
}

export { AVATAR_UPLOAD_PATH } from "./avatar";
