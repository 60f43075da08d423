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
    turnout_retire_after: z.iso
      .datetime()
      .optional()
      .describe("On a key that no longer signs: no ticket it signed expires after this time."),
  })
  .meta({
    id: "TicketPublicJwk",
    description: "A public ticket-signing key (RFC 7517); never private material.",
  });
const ticketKeySet = z.object({ keys: z.array(publicJwk) }).meta({
  id: "TicketJwkSet",
  description: "The keys that verify ticket codes: the current key first.",
});

/** Scanners keep the set offline; five minutes is how late a rotation may reach them. */
export const serveTicketKeys =
  (deps: Pick<AppDeps, "ticketKeys">): RequestHandler =>
  async (_req, res) => {
    res.set("Cache-Control", "public, max-age=300").json(await deps.ticketKeys.keySet());
  };

/**
 * The public ticket keys from Vault at `/api/v1/registrations/.well-known/ticket-keys.json`;
 * app.ts also serves them at the root `/.well-known/ticket-keys.json`, which the gateway routes
 * here unchanged.
 */
export function ticketKeyRoutes(api: ServiceApi, deps: AppDeps): void {
  const handler = serveTicketKeys(deps);
  api.route(
    {
      method: "get",
      path: "/.well-known/ticket-keys.json",
      summary: "Public keys that verify ticket codes (JWKS)",
      description:
        "A ticket code (`seats[].ticket_code`) is a compact JWS, EdDSA over Ed25519, header " +
        '`typ: "turnout-ticket+jwt"`: any JOSE library verifies it against this set, offline. ' +
        "Also at the root `/.well-known/ticket-keys.json`.",
      auth: "none",
      responses: { 200: { description: "The JSON Web Key Set.", schema: ticketKeySet } },
    },
    (_input, req, res, next) => handler(req, res, next),
  );
}
