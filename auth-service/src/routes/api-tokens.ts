import { z } from "zod";
import { API_SCOPES, principalOf, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import {
  API_TOKEN_RULES,
  createApiToken,
  exchangeApiToken,
  listApiTokens,
  revokeApiToken,
} from "../domain/api-tokens";
import type { ApiTokenRow } from "../data/api-tokens";

/** The header the gateway reads the exchanged access token from (infra/nginx). */
export const ACCESS_TOKEN_HEADER = "X-Turnout-Access-Token";

const DAY_MS = 24 * 3600 * 1000;
const SESSION_ONLY =
  "Takes a session (user) token only: an API token cannot manage tokens (403 `insufficient_scope`).";

const createBody = z
  .object({
    name: z.string().trim().min(1).max(100).describe("Unique among your live tokens."),
    scopes: z
      .array(z.enum(API_SCOPES))
      .min(1)
      .max(API_SCOPES.length)
      .refine((scopes) => new Set(scopes).size === scopes.length, "scopes must be unique")
      .describe(
        "What the token may open (docs/integrations.md, Scopes); your roles are the ceiling.",
      ),
    expires_at: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(value))
      .refine((at) => at.getTime() > Date.now(), "must be in the future")
      .refine(
        (at) => at.getTime() <= Date.now() + API_TOKEN_RULES.maxLifetimeDays * DAY_MS,
        `must be at most ${API_TOKEN_RULES.maxLifetimeDays} days ahead`,
      )
      .optional()
      .describe(
        `When the token stops working: at most ${API_TOKEN_RULES.maxLifetimeDays} days ahead; ` +
          `${API_TOKEN_RULES.defaultLifetimeDays} days when left out.`,
      ),
  })
  .meta({ id: "CreateApiTokenRequest" });

const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.string()),
    prefix: z.string().describe("The token's first 12 characters (`tnt_pat_XXXX`)."),
    created_at: z.iso.datetime(),
    expires_at: z.iso.datetime(),
    last_used_at: z.iso
      .datetime()
      .nullable()
      .describe("The last exchange, to the minute (updated at most once a minute)."),
    revoked_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiToken" });

const createdSchema = apiTokenSchema
  .omit({ revoked_at: true })
  .extend({
    token: z
      .string()
      .describe("`tnt_pat_` and 43 base62 characters. Shown here only: it is stored hashed."),
  })
  .meta({ id: "CreatedApiToken" });

const listSchema = z
  .object({
    items: z.array(apiTokenSchema).describe("Newest first, at most 100 (revoked ones included)."),
  })
  .meta({ id: "ApiTokenList" });

const exchangeSchema = z
  .object({
    access_token: z.string().describe("A JWT access token (`typ at+jwt`) with `scope` and `sid`."),
    token_type: z.literal("Bearer"),
    expires_in: z.int().describe("Seconds until the access token expires (300)."),
    scope: z.string().describe("The scopes it holds, space separated."),
  })
  .meta({ id: "ApiTokenExchangeReply" });

const iso = (at: Date | null) => (at === null ? null : at.toISOString());
const reply = (row: ApiTokenRow) => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  prefix: row.prefix,
  created_at: row.created_at.toISOString(),
  expires_at: row.expires_at.toISOString(),
  last_used_at: iso(row.last_used_at),
  revoked_at: iso(row.revoked_at),
});

const API_TOKEN = /^Bearer (tnt_pat_\S*)$/;

export function apiTokenRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/api-tokens",
      summary: "Create a personal API token (shown once)",
      description: SESSION_ONLY,
      auth: "bearer",
      request: { body: createBody },
      responses: { 201: { description: "The token, with its secret.", schema: createdSchema } },
      problems: {
        409: "`too_many_tokens` (50 live tokens), `name_taken` (a live token has this name).",
        422: "`scope_not_allowed`: a scope your roles cannot hold.",
      },
    },
    async ({ body }, _req, res) => {
      const created = await createApiToken(deps, principalOf(res).subject, {
        name: body.name,
        scopes: body.scopes,
        expiresAt: body.expires_at,
      });
      const { revoked_at: _revoked, ...row } = reply(created.row);
      res.set("Cache-Control", "no-store");
      res.status(201).json({ ...row, token: created.token });
    },
  );

  api.route(
    {
      method: "get",
      path: "/api-tokens",
      summary: "Your API tokens, with their last use",
      description: SESSION_ONLY,
      auth: "bearer",
      responses: { 200: { description: "The tokens (never their secrets).", schema: listSchema } },
    },
    async (_input, _req, res) => {
      const rows = await listApiTokens(deps, principalOf(res).subject);
      res.json({ items: rows.map(reply) });
    },
  );

  api.route(
    {
      method: "delete",
      path: "/api-tokens/:id",
      summary: "Revoke an API token and every access token made from it",
      description:
        `${SESSION_ONLY} The access tokens already exchanged for it are refused by every ` +
        "service within seconds (`sessions-revoked` with `session_id` = the token id).",
      auth: "bearer",
      request: { params: z.object({ id: z.uuid() }) },
      responses: { 204: { description: "Revoked (also when it already was)." } },
      problems: { 404: "`not_found`: you have no token with this id." },
    },
    async ({ params }, _req, res) => {
      await revokeApiToken(deps, principalOf(res).subject, params.id);
      res.status(204).end();
    },
  );

  api.route(
    {
      method: "post",
      path: "/api-tokens/exchange",
      summary: "Exchange an API token for a 5-minute access token",
      description:
        "Send the API token as `Authorization: Bearer tnt_pat_...` and no body. The gateway calls " +
        "this for every request that carries an API token (the phantom-token pattern) and passes " +
        `the access token from the \`${ACCESS_TOKEN_HEADER}\` header on; a script may call it ` +
        "itself and send the access token. Its `roles` are the user's roles now and its `scope` " +
        "the token's scopes those roles allow.",
      auth: "none",
      responses: {
        200: {
          description: "The access token.",
          schema: exchangeSchema,
          headers: z.object({
            [ACCESS_TOKEN_HEADER]: z.string().describe("The same access token, for the gateway."),
          }),
        },
      },
      problems: {
        401: "`invalid_token`: no API token, or an unknown, revoked or expired one, or the account is gone.",
      },
    },
    async (_input, req, res) => {
      const token = API_TOKEN.exec(req.get("authorization") ?? "")?.[1] ?? "";
      const exchanged = await exchangeApiToken(deps, token);
      res.set("Cache-Control", "no-store");
      res.set(ACCESS_TOKEN_HEADER, exchanged.accessToken);
      res.json({
        access_token: exchanged.accessToken,
        token_type: "Bearer",
        expires_in: exchanged.expiresIn,
        scope: exchanged.scope,
      });
    },
  );
}
