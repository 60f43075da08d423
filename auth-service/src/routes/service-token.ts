import type { RequestHandler } from "express";
import { z } from "zod";
import { badRequest, zodIssuesToFieldErrors } from "@turnout/kit";
import type { AppDeps } from "../app";
import { issueServiceToken } from "../domain/service-tokens";

/** Path outside `/api/v1`: the gateway never routes `/internal`, only services reach it. */
export const SERVICE_TOKEN_PATH = "/internal/token";

const grant = z.object({ grant_type: z.string() });
const clientCredentials = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().min(1).max(100),
  client_secret: z.string().min(1).max(1000),
  audience: z.string().min(1).max(100),
});

/** RFC 6749 §4.4 with a JSON body: `{grant_type, client_id, client_secret, audience}`. */
export const serviceTokenHandler =
  (deps: AppDeps): RequestHandler =>
  async (req, res) => {
    const body: unknown = req.body;
    const grantType = grant.safeParse(body);
    if (grantType.success && grantType.data.grant_type !== "client_credentials")
      throw badRequest("unsupported_grant_type", "Only `client_credentials` is supported.");
    const parsed = clientCredentials.safeParse(body);
    if (!parsed.success)
      throw badRequest("invalid_request", "The token request is not valid.", {
        errors: zodIssuesToFieldErrors(parsed.error.issues),
      });
    const token = await issueServiceToken(deps, {
      clientId: parsed.data.client_id,
      clientSecret: parsed.data.client_secret,
      audience: parsed.data.audience,
    });
    res.set({ "Cache-Control": "no-store", Pragma: "no-cache" }).json({
      access_token: token.accessToken,
      token_type: token.tokenType,
      expires_in: token.expiresIn,
    });
  };
