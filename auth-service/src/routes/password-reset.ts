import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { confirmPasswordReset, requestPasswordReset } from "../domain/one-time-tokens";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/passwords";
import { emailSchema } from "./register";

/** A one-time token: 32 bytes in base64url are 43 characters; anything far off is refused. */
export const oneTimeTokenSchema = z
  .string()
  .min(1)
  .max(200)
  .describe("The single-use token from the mail.");

const resetRequestBody = z.object({ email: emailSchema }).meta({ id: "PasswordResetRequest" });

const resetConfirmBody = z
  .object({
    token: oneTimeTokenSchema,
    new_password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  })
  .meta({ id: "PasswordResetConfirm" });

export function passwordResetRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/password-reset-request",
      summary: "Ask for a password-reset mail",
      auth: "none",
      request: { body: resetRequestBody },
      responses: {
        202: {
          description:
            "Accepted, whether or not an account has this email; a known account is mailed a " +
            "single-use token valid 30 minutes.",
          schema: z.object({}).meta({ id: "Accepted" }),
        },
      },
      problems: {
        429: "`too_many_requests`, with `Retry-After`: too many requests for the email or from the client address.",
      },
    },
    async ({ body }, req, res) => {
      // req.ip is the client: X-Forwarded-For counts only from the gateway (TRUSTED_PROXIES).
      await requestPasswordReset(deps, body.email, req.ip ?? "unknown");
      res.status(202).json({});
    },
  );

  api.route(
    {
      method: "post",
      path: "/password-reset-confirm",
      summary: "Set a new password with a reset token; ends every session of the account",
      auth: "none",
      request: { body: resetConfirmBody },
      responses: { 204: { description: "Password changed; every session revoked." } },
      problems: { 400: "`invalid_token`: unknown, expired or already used." },
    },
    async ({ body }, _req, res) => {
      await confirmPasswordReset(deps, body.token, body.new_password);
      res.status(204).end();
    },
  );
}
