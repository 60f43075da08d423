import type { Express } from "express";
import { createServiceApp, type KeySource, type Logger, type ReadinessCheck } from "@turnout/kit";
import { SERVICE } from "./config";
import type { Database } from "./data/database";
import { publicApi, servePublicKeys } from "./routes";

export interface AppDeps {
  logger: Logger;
  db: Database;
  readiness: ReadinessCheck[];
  /** The public key set from Vault, published as JWKS. */
  keys: KeySource;
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
      app.get("/.well-known/jwks.json", servePublicKeys(deps));
    },
  });
}
