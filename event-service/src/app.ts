import type { Express } from "express";
import {
  createServiceApp,
  type Logger,
  type ReadinessCheck,
  type TokenVerifier,
} from "@turnout/kit";
import { SERVICE, type EventSettings } from "./config";
import type { ServiceDatabase } from "./data/database";
import { publicApi } from "./routes";
import { INTERNAL_PATH, seatLedgerRouter } from "./routes/seat-reservations";

export interface AppDeps {
  logger: Logger;
  /** Repositories and units of work on the service's one pool. */
  data: ServiceDatabase;
  readiness: ReadinessCheck[];
  /** Verifies user access tokens (organizer and admin routes). */
  verifyUser: TokenVerifier;
  /** Verifies service tokens addressed to this service (the seat ledger). */
  verifyService: TokenVerifier;
  settings: EventSettings;
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
      // The seat ledger: internal only, outside `/api/v1` (the gateway never routes `/internal`).
      app.use(INTERNAL_PATH, seatLedgerRouter(deps));
    },
  });
}
