import { randomUUID } from "node:crypto";
import { waitFor, waitForMail } from "@turnout/test-kit";
import { MAIL_WAIT_MS, type ProofPlatform } from "./proof-platform";

/** A real account with one logged-in session: its tokens as auth issued them. */
export interface Session {
  id: string;
  email: string;
  password: string;
  access: string;
  refresh: string;
}

const json = { "Content-Type": "application/json" };
const authUrl = (platform: ProofPlatform, path: string) =>
  `${platform.url("auth-service")}/api/v1/auth${path}`;

/**
 * Registers an account with auth, confirms its email with the link of the mail it gets (an
 * unconfirmed account may not log in), and logs it in.
 */
export async function signedUp(platform: ProofPlatform): Promise<Session> {
  const suffix = randomUUID().slice(0, 8);
  const email = `proof.session.${suffix}@example.test`;
  const password = `Proof-pass-${suffix}!`;
  const reg = await fetch(authUrl(platform, "/register"), {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password, username: `session_${suffix}` }),
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
  const { id } = (await reg.json()) as { id: string };
  const mail = await waitForMail((m) => /verify-email\?token=/.test(m.text), {
    to: email,
    timeoutMs: MAIL_WAIT_MS,
  });
  const token = /verify-email\?token=([\w-]+)/.exec(mail.text)?.[1] ?? "";
  const verified = await fetch(authUrl(platform, "/verify-email"), {
    method: "POST",
    headers: json,
    body: JSON.stringify({ token }),
  });
  if (verified.status !== 204) throw new Error(`verify-email: ${verified.status}`);
  return { id, email, password, ...(await logIn(platform, email, password)) };
}

/** A new session of an existing account. */
export async function logIn(
  platform: ProofPlatform,
  email: string,
  password: string,
): Promise<{ access: string; refresh: string }> {
  const res = await fetch(authUrl(platform, "/login"), {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

/** `POST /refresh` with the token in the body: the status and, on 200, the new pair. */
export async function refreshWith(
  platform: ProofPlatform,
  refreshToken: string,
): Promise<{ status: number; access?: string; refresh?: string }> {
  const res = await fetch(authUrl(platform, "/refresh"), {
    method: "POST",
    headers: json,
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  if (res.status !== 200) return { status: res.status };
  const body = (await res.json()) as { access_token: string; refresh_token: string };
  return { status: 200, access: body.access_token, refresh: body.refresh_token };
}

/** What another service answers this access token (the registration list: any signed-in user). */
export async function registrationsStatus(platform: ProofPlatform, token: string) {
  const res = await fetch(`${platform.url("registration-service")}/api/v1/registrations`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  await res.body?.cancel();
  return res.status;
}

/**
 * Waits (polling every 20 ms, at most `withinMs`) until `probe` answers 401, and returns how
 * long that took from `since`; throws when it never did.
 */
export async function refusedWithin(
  probe: () => Promise<number>,
  since: number,
  what: string,
  withinMs = 2_000,
): Promise<number> {
  await waitFor(async () => (await probe()) === 401, {
    timeoutMs: Math.max(0, since + withinMs - Date.now()),
    intervalMs: 20,
    message: what,
  });
  return Date.now() - since;
}
