import type { Express } from "express";
import {
  createServiceApp,
  type KeySource,
  type Logger,
  type ReadinessCheck,
  type TokenVerifier,
} from "@turnout/kit";
import { SERVICE, type AuthSettings } from "./config";
import type { Database } from "./data/database";
import type { SigningKeySource } from "./data/signing-key";
import { publicApi, servePublicKeys } from "./routes";

export interface AppDeps {
  logger: Logger;
  db: Database;
  readiness: ReadinessCheck[];
  /** The public key set from Vault, published as JWKS. */
  keys: KeySource;
  /** The private key from Vault that signs access tokens. */
  signingKey: SigningKeySource;
  /** Verifies user access tokens (`/me`). */
  verifyUser: TokenVerifier;
  settings: AuthSettings;
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
