import * as z from "zod/mini";
import { apiJson, apiSend } from "./client";
import { sessionFromTokens, type Session } from "./session";
import { WEB_CLIENT_HEADERS } from "./token-refresh";

export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  username: z.catch(z.nullable(z.string()), null),
  roles: z.catch(z.array(z.string()), []),
  email_verified: z.catch(z.boolean(), false),
  created_at: z.optional(z.string()),
});
export type Account = z.infer<typeof accountSchema>;

/** The web app's token reply: the refresh token is in the HttpOnly cookie, not here. */
const tokensSchema = z.object({
  access_token: z.string(),
  expires_in: z.number(),
});

const parseAccount = (body: unknown) => accountSchema.parse(body);

export interface SignUpInput {
  email: string;
  password: string;
  username?: string;
  display_name?: string;
}

export const signUp = (input: SignUpInput) =>
  apiJson("/api/v1/auth/register", parseAccount, { method: "POST", json: input });

/**
 * `login` is an email when it has an @, else a username (the API takes either). The web client
 * header makes the API set the refresh token as an HttpOnly cookie instead of replying with it.
 */
export const logIn = (login: string, password: string): Promise<Session> =>
  apiJson("/api/v1/auth/login", (body) => sessionFromTokens(tokensSchema.parse(body)), {
    method: "POST",
    json: login.includes("@") ? { email: login, password } : { username: login, password },
    headers: WEB_CLIENT_HEADERS,
  });

/** Revokes the access token everywhere and the cookie's session; the API clears the cookie. */
export const logOut = () =>
  apiSend("/api/v1/auth/logout", {
    method: "POST",
    json: {},
    auth: true,
    headers: WEB_CLIENT_HEADERS,
  });

export const getAccount = () => apiJson("/api/v1/auth/me", parseAccount, { auth: true });

export const verifyEmail = (token: string) =>
  apiSend("/api/v1/auth/verify-email", { method: "POST", json: { token } });

export const requestPasswordReset = (email: string) =>
  apiSend("/api/v1/auth/password-reset-request", { method: "POST", json: { email } });

export const confirmPasswordReset = (token: string, newPassword: string) =>
  apiSend("/api/v1/auth/password-reset-confirm", {
    method: "POST",
    json: { token, new_password: newPassword },
  });

export const setRoles = (userId: string, roles: string[]) =>
  apiJson(`/api/v1/auth/users/${encodeURIComponent(userId)}/roles`, parseAccount, {
    method: "PUT",
    json: { roles },
    auth: true,
  });
