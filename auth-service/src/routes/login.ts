import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { PASSWORD_MAX_LENGTH } from "../domain/passwords";
import { login } from "../domain/sessions";
import { emailSchema } from "./register";
import { sendTokens, tokenReplyHeaders, tokenReplySchema, WEB_TOKEN_REPLY } from "./token-reply";
import { guardWebSession } from "./web-session";

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

export function loginRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/login",
      summary: "Log in with email or username and password",
      description: WEB_TOKEN_REPLY,
      auth: "none",
      middleware: [guardWebSession],
      request: { body: loginBody },
      responses: {
        200: {
          description: "An access and a refresh token.",
          schema: tokenReplySchema,
          headers: tokenReplyHeaders,
        },
      },
      problems: {
        401: "`invalid_credentials`: the same reply whether or not the account exists.",
        403: "`cross_site_request`: `X-Turnout-Client: web` from another origin.",
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
      sendTokens(req, res, pair, {
        basePath: api.basePath,
        maxAgeSeconds: deps.settings.refreshTokenTtlSeconds,
      });
    },
  );
}
