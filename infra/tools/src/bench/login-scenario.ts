import { hash, verify } from "@node-rs/argon2";
import { closedLoop } from "./closed-loop";
import { httpLoad } from "./http-load";
import type { BenchRow } from "./report";

/** auth-service/src/domain/passwords.ts: OWASP argon2id minimum (19 MiB, t=2, p=1). */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const CONCURRENCY = 8;
const DURATION_S = 10;

export interface BenchUser {
  email: string;
  password: string;
}

export async function registerUser(authUrl: string): Promise<BenchUser> {
  const suffix = Date.now().toString(36);
  const user = { email: `bench-${suffix}@example.com`, password: `bench-password-${suffix}` };
  const res = await fetch(`${authUrl}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...user, username: `bench_${suffix}` }),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`register answered ${res.status}: ${await res.text()}`);
  return user;
}

export async function loginForToken(authUrl: string, user: BenchUser): Promise<string> {
  const res = await fetch(`${authUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Login through the auth service against raw argon2id verify of the same parameters. */
export async function loginScenario(authUrl: string, user: BenchUser): Promise<BenchRow> {
  const passwordHash = await hash(user.password, ARGON2ID);
  const ceiling = await closedLoop(
    async () => {
      if (!(await verify(passwordHash, user.password))) throw new Error("argon2 verify failed");
    },
    { concurrency: CONCURRENCY, durationMs: DURATION_S * 1000 },
  );

  const request = {
    url: `${authUrl}/api/v1/auth/login`,
    method: "POST" as const,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
    connections: CONCURRENCY,
  };
  await httpLoad({ ...request, durationS: 2 }); // warm-up, not reported
  const measured = await httpLoad({ ...request, durationS: DURATION_S });

  return {
    scenario: "Login (POST /api/v1/auth/login, auth service direct)",
    unit: "req/s",
    measured: { ...measured, failures: measured.non2xx + measured.errors },
    ceiling: {
      name: "raw argon2id verify",
      perSecond: ceiling.perSecond,
      p50Ms: ceiling.p50Ms,
      p99Ms: ceiling.p99Ms,
    },
    concurrency: CONCURRENCY,
    durationS: DURATION_S,
    note:
      "argon2id (m=19456, t=2, p=1) dominates a login by design; the ratio is the share of the " +
      "machine's hash rate that reaches users (the rest: HTTP, validation, DB, token signing).",
  };
}
