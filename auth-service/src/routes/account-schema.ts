import { z } from "zod";
import type { Account } from "../domain/accounts";

export const accountSchema = z
  .object({
    id: z.uuid(),
    email: z.email(),
    username: z.string().nullable(),
    roles: z.array(z.string()),
    email_verified: z.boolean(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "Account", description: "An account as its owner sees it." });

export const accountReply = (account: Account): z.input<typeof accountSchema> => ({
  id: account.id,
  email: account.email,
  username: account.username,
  roles: account.roles,
  email_verified: account.emailVerified,
  created_at: account.createdAt.toISOString(),
});
