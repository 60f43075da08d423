import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { verifyEmail } from "../domain/one-time-tokens";
import { oneTimeTokenSchema } from "./password-reset";

const verifyEmailBody = z.object({ token: oneTimeTokenSchema }).meta({ id: "VerifyEmailRequest" });

export function verifyEmailRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/verify-email",
      summary: "Verify the account's email with the token mailed at registration",
      auth: "none",
      request: { body: verifyEmailBody },
      responses: { 204: { description: "The email is verified." } },
      problems: { 400: "`invalid_token`: unknown, expired or already used." },
    },
    async ({ body }, _req, res) => {
      await verifyEmail(deps, body.token);
      res.status(204).end();
    },
  );
}
