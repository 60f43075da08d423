import type { Express } from "express";
import {
  createServiceApp,
  type KeySource,
  type Logger,
  type ReadinessCheck,
  type TokenVerifier,
} from "@turnout/kit";
import { SERVICE, type AuthSettings } from "./config";
import type { ServiceDatabase } from "./data/database";
import type { ServiceClientSecrets } from "./data/service-clients";
import type { SigningKeySource } from "./data/signing-key";
import { publicApi, servePublicKeys } from "./routes";
import { SERVICE_TOKEN_PATH, serviceTokenHandler } from "./routes/service-token";

export interface AppDeps {
  logger: Logger;
  /** The repositories and units of work on the service's one pool. */
  data: ServiceDatabase;
  readiness: ReadinessCheck[];
  /** The public key set from Vault, published as JWKS. */
  keys: KeySource;
  /** The private key from Vault that signs access tokens. */
  signingKey: SigningKeySource;
  /** The per-service client secrets from Vault (client-credentials grant). */
  serviceClients: ServiceClientSecrets;
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
      // Service tokens: internal only, outside `/api/v1` (the gateway never routes `/internal`).
      app.post(SERVICE_TOKEN_PATH, serviceTokenHandler(deps));
    },
  });
}
