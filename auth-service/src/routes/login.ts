import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { PASSWORD_MAX_LENGTH } from "../domain/passwords";
import { login, type TokenPair } from "../domain/sessions";
import { emailSchema } from "./register";

const loginBody = z
  .object({
    email: emailSchema.optional(),
    username: z.string().min(1).max(32).optional(),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .refine((body) => (body.email === undefined) !== (body.username === undefined), {
    message: "give either email or username",
    path: ["email"],
  })
  .meta({ id: "LoginRequest" });

export const tokenReplySchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.int().describe("Seconds until the access token expires."),
  })
  .meta({ id: "TokenReply" });

export const tokenReply = (pair: TokenPair): z.input<typeof tokenReplySchema> => ({
  access_token: pair.accessToken,
  refresh_token: pair.refreshToken,
  token_type: pair.tokenType,
  expires_in: pair.expiresIn,
});

export function loginRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/login",
      summary: "Log in with email or username and password",
      auth: "none",
      request: { body: loginBody },
      responses: {
        200: { description: "An access and a refresh token.", schema: tokenReplySchema },
      },
      problems: {
        401: "`invalid_credentials`: the same reply whether or not the account exists.",
        429: "`too_many_requests`, with `Retry-After`: too many failed logins of this email or username from this client address, or of any account from it. Failures from other addresses never cause it; they only delay later failed logins.",
      },
    },
    async ({ body }, req, res) => {
      const input =
        body.email !== undefined
          ? { email: body.email, password: body.password }
          : { username: body.username ?? "", password: body.password };
      // req.ip is the client: X-Forwarded-For counts only from the gateway (TRUSTED_PROXIES).
      const pair = await login(deps, input, req.ip ?? "unknown");
      res.set("Cache-Control", "no-store").json(tokenReply(pair));
    },
  );
}
