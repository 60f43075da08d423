import type { Express } from "express";
import {
  createServiceApp,
  type Logger,
  type ReadinessCheck,
  type TokenVerifier,
} from "@turnout/kit";
import { SERVICE, type NotificationSettings } from "./config";
import type { ServiceDatabase } from "./data/database";
import type { NotificationHub } from "./live/notification-hub";
import { publicApi, webhooksApi } from "./routes";
import type { WebhookApiDeps } from "./webhooks/api-deps";

export interface AppDeps {
  logger: Logger;
  data: ServiceDatabase;
  readiness: ReadinessCheck[];
  /** Verifies user access tokens (the runtime's, which honours revocations). */
  verifyUser: TokenVerifier;
  /** This replica's open notification streams, fed through LISTEN/NOTIFY. */
  hub: NotificationHub;
  settings: NotificationSettings;
  /** Settings, the secret box and the URL guard of the webhook routes. */
  webhooks: WebhookApiDeps;
}

/** The Express app; never listens (tests call it with real dependencies). */
export function createApp(deps: AppDeps): Express {
  return createServiceApp({
    service: SERVICE,
    logger: deps.logger,
    readiness: deps.readiness,
    configure: (app) => {
      const api = publicApi(deps);
      app.use(api.basePath, api.router);
      const hooks = webhooksApi(deps);
      app.use(hooks.basePath, hooks.router);
    },
  });
}
