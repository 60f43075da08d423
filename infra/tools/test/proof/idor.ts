import { waitFor } from "@turnout/test-kit";
import { signedUp } from "./auth-sessions";
import type { ProofPlatform } from "./proof-platform";

type Service = Parameters<ProofPlatform["url"]>[0];

export interface Caller {
  id: string;
  token: string;
}

/** One request as `who`; answers status and JSON body (or undefined). */
export async function call(
  platform: ProofPlatform,
  who: Caller,
  service: Service,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; type: string }> {
  const res = await fetch(`${platform.url(service)}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${who.token}`,
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, type: res.headers.get("content-type") ?? "" };
}

/**
 * A real account: registered with auth, its email confirmed from the mailed link (unconfirmed
 * accounts may not log in), logged in, its profile made from `user-registered`.
 */
export async function realUser(platform: ProofPlatform): Promise<Caller> {
  const { id, access: token } = await signedUp(platform);
  const user = { id, token };
  await waitFor(
    async () =>
      (await call(platform, user, "user-service", "GET", "/api/v1/users/me")).status === 200,
    { timeoutMs: 20_000, message: "the profile made from user-registered" },
  );
  return user;
}
