import { z } from "zod";
import { displayNameSchema } from "@turnout/contracts";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { registerAccount } from "../domain/accounts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/passwords";
import { accountReply, accountSchema } from "./account-schema";

/** RFC 5321 caps a forward path at 256 octets, so 254 characters for the address itself. */
export const emailSchema = z.string().trim().pipe(z.email().max(254));

const registerBody = z
  .object({
    email: emailSchema,
    password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
    username: z
      .string()
      .min(3)
      .max(32)
      .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.' and '-' only")
      .optional()
      .describe("Unique whatever the letter case; stored lower-case."),
    // The one display-name rule (packages/contracts): no line breaks, controls, bidi overrides
    // or web addresses, so a name cannot inject text into the mail sent to any address.
    display_name: displayNameSchema.optional(),
  })
  .meta({ id: "RegisterRequest" });

export function registerRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/register",
      summary: "Create an account",
      description:
        "The reply is the same whether or not the email already has an account, so it tells " +
        "nobody which emails are registered: 201 with an account of the same shape. For a new " +
        "email the account is created and a confirmation link is mailed; for a taken one nothing " +
        "is created, the `id` is random and never stored, and the owner is mailed instead " +
        '("someone tried to sign up with your address"). Either way the client should say ' +
        '"check your inbox". An account signs in once its email is confirmed.',
      auth: "none",
      request: { body: registerBody },
      responses: {
        201: {
          description:
            "The new account, or (email already registered) a reply of the same shape whose `id` is never stored.",
          schema: accountSchema,
        },
      },
      problems: {
        409: "`username_taken` (whatever the letter case). Usernames are public; a taken email is never a 409.",
      },
    },
    async ({ body }, _req, res) => {
      const { account } = await registerAccount(
        {
          data: deps.data,
          emailVerificationTtlSeconds: deps.settings.emailVerificationTtlSeconds,
          signUpAttempts: {
            windowSeconds: deps.settings.throttle.windowSeconds,
            maxMailsPerEmail: deps.settings.signUpAttemptMailsPerEmail,
          },
        },
        {
          email: body.email,
          password: body.password,
          username: body.username,
          displayName: body.display_name,
        },
      );
      res.status(201).json(accountReply(account));
    },
  );
}
