import type { RequestHandler } from "express";
import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";

const publicJwk = z
  .looseObject({
    kty: z.string(),
    kid: z.string(),
    alg: z.string().optional(),
    use: z.string().optional(),
  })
  .meta({
    id: "PublicJwk",
    description: "A public signing key (RFC 7517); never private material.",
  });
const keySet = z.object({ keys: z.array(publicJwk) }).meta({
  id: "JwkSet",
  description: "The keys that verify current tokens: the current key first.",
});

/** Short cache: a rotation must reach other verifiers well within a token's lifetime. */
export const servePublicKeys =
  (deps: AppDeps): RequestHandler =>
  async (_req, res) => {
    res.set("Cache-Control", "public, max-age=60").json(await deps.keys.keySet());
  };

/**
 * The public key set from Vault at `/api/v1/auth/.well-known/jwks.json`; app.ts also serves it
 * at the root `/.well-known/jwks.json`, which the gateway routes here unchanged.
 */
export function publicKeyRoutes(api: ServiceApi, deps: AppDeps): void {
  const handler = servePublicKeys(deps);
  api.route(
    {
      method: "get",
      path: "/.well-known/jwks.json",
      summary: "Public keys that verify access tokens (JWKS)",
      auth: "none",
      responses: { 200: { description: "The JSON Web Key Set.", schema: keySet } },
    },
    (_input, req, res, next) => handler(req, res, next),
  );
}
