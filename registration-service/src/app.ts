import type { Express } from "express";
import {
  createServiceApp,
  type KeySource,
  type ReadinessCheck,
  type TokenVerifier,
} from "@turnout/kit";
import { SERVICE } from "./config";
import type { RegistrationDeps } from "./domain/deps";
import { publicApi } from "./routes";
import { serveTicketKeys } from "./routes/ticket-keys";
import type { LiveCheckIns } from "./routes/check-in-stream";

export interface AppDeps extends RegistrationDeps {
  readiness: ReadinessCheck[];
  /** Verifies user access tokens. */
  verifyUser: TokenVerifier;
  /** The public ticket keys from Vault, served at /.well-known/ticket-keys.json. */
  ticketKeys: KeySource;
  /** The live check-in view (main.ts); without it its stream answers 503. */
  liveCheckIns?: LiveCheckIns;
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
      app.get("/.well-known/ticket-keys.json", serveTicketKeys(deps));
    },
  });
}
