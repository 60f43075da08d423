import { randomUUID } from "node:crypto";
import { waitFor } from "@turnout/test-kit";
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

/** A real account: registered with auth, logged in, its profile made from `user-registered`. */
export async function realUser(platform: ProofPlatform): Promise<Caller> {
  const suffix = randomUUID().slice(0, 8);
  const credentials = { email: `proof.${suffix}@example.test`, password: `Proof-pass-${suffix}!` };
  const auth = `${platform.url("auth-service")}/api/v1/auth`;
  const json = { "Content-Type": "application/json" };
  const reg = await fetch(`${auth}/register`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ ...credentials, username: `proof_${suffix}` }),
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
  const { id } = (await reg.json()) as { id: string };
  const login = await fetch(`${auth}/login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify(credentials),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const user = { id, token };
  await waitFor(
    async () =>
      (await call(platform, user, "user-service", "GET", "/api/v1/users/me")).status === 200,
    { timeoutMs: 20_000, message: "the profile made from user-registered" },
  );
  return user;
}
