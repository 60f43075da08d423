import { serviceProcessEnv } from "@turnout/dev-stack";
import { argon2InChild, hashOf } from "./argon2-ceiling";
import { totalCpu, withCpu, type Classify } from "./cpu";
import { httpLoad, loadRound } from "./http-load";
import { interleavedRow, type BenchRow } from "./report";
import { interleave } from "./rounds";

const CONCURRENCY = 8;
const DURATION_S = 5;
const ROUNDS = 3;
const AUTH_ENV = serviceProcessEnv("auth-service");

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

/**
 * Login through the auth service against raw argon2id verify of the same parameters, in a child
 * process with the auth service's allocator and thread-pool settings, interleaved.
 */
export async function loginScenario(
  authUrl: string,
  user: BenchUser,
  classify: Classify,
): Promise<BenchRow> {
  const passwordHash = await hashOf(user.password);
  const request = (durationS: number) => ({
    url: `${authUrl}/api/v1/auth/login`,
    method: "POST" as const,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(user),
    connections: CONCURRENCY,
    durationS,
  });
  await httpLoad(request(2)); // warm-up, not reported (the child warms itself up)
  const runs = await interleave(
    ROUNDS,
    async () => {
      const probe = { hash: passwordHash, password: user.password, concurrency: CONCURRENCY };
      const { result, cpu } = await withCpu(classify, () =>
        argon2InChild({ ...probe, durationMs: DURATION_S * 1000 }, AUTH_ENV),
      );
      // The child's CPU includes its warm-up's verifies.
      const ops = result.completed + result.warmUpCompleted;
      return {
        perSecond: result.perSecond,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        failures: result.errors,
        cpuMsPerOp: (totalCpu(cpu) * 1000) / ops,
      };
    },
    () => loadRound(classify, request(DURATION_S)),
  );
  const env = Object.entries(AUTH_ENV)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return interleavedRow(
    {
      scenario: "Login (POST /api/v1/auth/login, auth service direct)",
      unit: "req/s",
      goal: "≥ 90%",
      concurrency: CONCURRENCY,
      durationS: DURATION_S,
      note:
        "argon2id (m=19456, t=2, p=1) dominates a login by design; the ratio is the share of the " +
        `machine's hash rate that reaches users. The ceiling runs in a child process with the ` +
        `auth service's settings (${env}), so both sides pay the same allocation cost.`,
    },
    "raw argon2id verify, same process settings",
    runs,
  );
}
