import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { decodeProtectedHeader } from "jose";
import nodeVault from "node-vault";
import { z } from "zod";
import { repoRoot } from "@turnout/provisioning";
import type { BenchRow } from "./report";
import { median, percentile } from "./rounds";

const RATE_PER_S = 50;
const LOGIN_EVERY_MS = 1000;
const BEFORE_MS = 5000;
const AFTER_NEW_KID_MS = 10_000;
const NEW_KID_WITHIN_MS = 30_000;

const signingKid = z.object({ data: z.object({ data: z.object({ kid: z.string() }) }) });

async function currentKid(vault: { addr: string; token: string }): Promise<string> {
  const client = nodeVault({ endpoint: vault.addr, token: vault.token });
  return signingKid.parse(await client.read("secret/data/turnout/jwt/signing")).data.data.kid;
}

function runRotation(): Promise<void> {
  return new Promise((resolve, reject) => {
    // The real ops command, against this run's platform (TURNOUT_HOME is the bench's home).
    const child = spawn("npm", ["run", "--silent", "keys:rotate"], {
      cwd: repoRoot(),
      env: process.env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`keys:rotate exited ${String(code)}: ${err.trim()}`));
    });
  });
}

/**
 * Key rotation under load: authenticated reads at a steady 50/s through the gateway (each with
 * the newest token a login has given), a login every second, and `npm run keys:rotate` after
 * 5 s. Counts failed reads (goal 0) and how long until a login returns a token with the new kid
 * (goal ≤ 30 s), then keeps the load on for 10 s more with old and new tokens in use.
 */
export async function rotationScenario(
  gatewayUrl: string,
  vault: { addr: string; token: string },
): Promise<BenchRow> {
  const suffix = Date.now().toString(36);
  const user = { email: `rotate-${suffix}@example.com`, password: `rotate-password-${suffix}` };
  const json = { "Content-Type": "application/json" };
  const registered = await fetch(`${gatewayUrl}/api/v1/auth/register`, {
    method: "POST",
    headers: json,
    body: JSON.stringify(user),
  });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  const login = async (): Promise<string> => {
    const res = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify(user),
    });
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };

  const tokens = [await login()];
  const oldKid = await currentKid(vault);
  const latencies: number[] = [];
  const failures: string[] = [];
  let reads = 0;
  const inFlight = new Set<Promise<void>>();
  const read = () => {
    // Alternate between the oldest and the newest token: both must keep working.
    const token = reads++ % 2 === 0 ? tokens[0] : tokens[tokens.length - 1];
    const t0 = performance.now();
    const p = fetch(`${gatewayUrl}/api/v1/notifications?limit=1`, {
      headers: { Authorization: `Bearer ${token ?? ""}` },
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 200) latencies.push(performance.now() - t0);
        else failures.push(`HTTP ${res.status}`);
      })
      .catch((error: unknown) => {
        failures.push(String(error));
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const load = setInterval(read, 1000 / RATE_PER_S);
  // Set from the login timer's callback.
  const adopted: { at?: number } = {};
  let rotatedAt: number | undefined;
  let newKid = "";
  const logins = setInterval(() => {
    void login().then(
      (token) => {
        tokens.push(token);
        if (newKid && adopted.at === undefined && decodeProtectedHeader(token).kid === newKid)
          adopted.at = performance.now();
      },
      (error: unknown) => failures.push(`login: ${String(error)}`),
    );
  }, LOGIN_EVERY_MS);
  const started = performance.now();
  try {
    await new Promise((r) => setTimeout(r, BEFORE_MS));
    await runRotation();
    // keys:rotate writes the public key set first and the signing key last: from here on.
    rotatedAt = performance.now();
    newKid = await currentKid(vault);
    if (newKid === oldKid) throw new Error("keys:rotate left the signing key unchanged");
    const since = rotatedAt;
    while (adopted.at === undefined && performance.now() - since < NEW_KID_WITHIN_MS * 2) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, AFTER_NEW_KID_MS));
  } finally {
    clearInterval(load);
    clearInterval(logins);
    await Promise.all([...inFlight]);
  }
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const adoption = adopted.at === undefined ? Number.NaN : (adopted.at - rotatedAt) / 1000;
  if (Number.isNaN(adoption)) failures.push("no token with the new kid");
  return {
    scenario:
      "Key rotation under load (npm run keys:rotate during authenticated reads via gateway)",
    unit: "reads/s",
    goal: "0 failed, new kid ≤ 30 s",
    measured: {
      perSecond: latencies.length / elapsedS,
      p50Ms: median(latencies),
      p99Ms: percentile(latencies, 0.99),
      failures: failures.length,
    },
    concurrency: RATE_PER_S,
    durationS: Math.round(elapsedS),
    note:
      `GET /api/v1/notifications at a steady ${RATE_PER_S}/s, alternating the first token and the ` +
      `newest (a login every second), the real \`npm run keys:rotate\` after ${BEFORE_MS / 1000} s: ` +
      `${failures.length} failed of ${reads} reads (${[...new Set(failures)].slice(0, 3).join("; ") || "none"}); ` +
      `a login returned a token with the new kid ${Number.isNaN(adoption) ? "never" : `${adoption.toFixed(1)} s`} ` +
      `after keys:rotate had written the new signing key. "In flight" here is the request rate.`,
  };
}
