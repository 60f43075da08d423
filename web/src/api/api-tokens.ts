import * as z from "zod/mini";
import { apiJson, apiSend } from "./client";

/** Personal API tokens (docs/integrations.md "API tokens"); the routes take a session only. */
const base = "/api/v1/auth/api-tokens";

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.catch(z.array(z.string()), []),
  prefix: z.string(),
  created_at: z.string(),
  expires_at: z.catch(z.nullable(z.string()), null),
  last_used_at: z.catch(z.nullable(z.string()), null),
  revoked_at: z.catch(z.nullable(z.string()), null),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** The create reply: the token itself is in it, and nowhere else ever again. */
export const createdApiTokenSchema = z.extend(apiTokenSchema, { token: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

const listSchema = z.object({ items: z.array(apiTokenSchema) });

export interface ApiTokenInput {
  name: string;
  scopes: string[];
  /** Left out: the service's default (90 days). */
  expires_at?: string;
}

export const listApiTokens = (signal?: AbortSignal) =>
  apiJson(base, (b) => listSchema.parse(b).items, { auth: true, ...(signal ? { signal } : {}) });

export const createApiToken = (input: ApiTokenInput) =>
  apiJson(base, (b) => createdApiTokenSchema.parse(b), {
    method: "POST",
    json: input,
    auth: true,
  });

export const revokeApiToken = (id: string) =>
  apiSend(`${base}/${encodeURIComponent(id)}`, { method: "DELETE", auth: true });
