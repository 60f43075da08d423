import type { Express, Request } from "express";
import {
  createServiceApp,
  type Logger,
  type ReadinessCheck,
  type TokenVerifier,
} from "@turnout/kit";
import { SERVICE, type ServiceSettings } from "./config";
import type { AvatarStore } from "./data/avatar-store";
import type { ServiceDatabase } from "./data/database";
import { AVATAR_UPLOAD_PATH, publicApi } from "./routes";

export interface AppDeps {
  logger: Logger;
  data: ServiceDatabase;
  readiness: ReadinessCheck[];
  /** Verifies user access tokens. */
  verifyUser: TokenVerifier;
  settings: ServiceSettings;
  /** The avatar folder. */
  avatars: AvatarStore;
}

// Express matches paths case-insensitively and with a trailing slash; so does this.
const isAvatarUpload = (req: Request): boolean =>
  req.method === "PUT" && req.path.toLowerCase().replace(/\/$/, "") === AVATAR_UPLOAD_PATH;

/** The Express app; never listens (tests call it with real dependencies). */
export function createApp(deps: AppDeps): Express {
  return createServiceApp({
    service: SERVICE,
    logger: deps.logger,
    readiness: deps.readiness,
    allowNonJsonBody: isAvatarUpload,
    configure: (app) => {
      const api = publicApi(deps);
      app.use(api.basePath, api.router);
    },
  });
}
