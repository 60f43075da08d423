import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { refresh } from "../domain/sessions";
import { tokenReply, tokenReplySchema } from "./login";

const refreshBody = z
  .object({ refresh_token: z.string().min(1).max(200) })
  .meta({ id: "RefreshRequest" });

export function refreshRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "post",
      path: "/refresh",
      summary: "Exchange a refresh token for new tokens (the refresh token works once)",
      auth: "none",
      request: { body: refreshBody },
      responses: {
        200: { description: "New access and refresh tokens.", schema: tokenReplySchema },
      },
      problems: {
        401: "`invalid_refresh_token`: unknown, expired, revoked or already used; a re-used token also revokes its whole session family.",
      },
    },
    async ({ body }, _req, res) => {
      const pair = await refresh(deps, body.refresh_token);
      res.set("Cache-Control", "no-store").json(tokenReply(pair));
    },
  );
}
