import type { Classify } from "./cpu";
import { httpLoad, loadRound } from "./http-load";
import { interleavedRow, type BenchRow } from "./report";
import { interleave } from "./rounds";

const CONCURRENCY = 16;
const DURATION_S = 5;
const ROUNDS = 3;
const PATH = "/api/v1/users/me";

/** A personal API token (profile:read) of the user whose session token is `accessToken`. */
async function createApiToken(gatewayUrl: string, accessToken: string): Promise<string> {
  const res = await fetch(`${gatewayUrl}/api/v1/auth/api-tokens`, {
    method: "POST",
    headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: `bench-${Date.now().toString(36)}`, scopes: ["profile:read"] }),
  });
  if (res.status !== 201) throw new Error(`api-tokens answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The user service creates the profile from `user-registered`: wait until it answers 200. */
async function waitForProfile(gatewayUrl: string, accessToken: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${gatewayUrl}${PATH}`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    if (res.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${PATH} never answered 200 for the bench user`);
}

/**
 * GET /api/v1/users/me through the gateway with a personal API token, which the gateway
 * exchanges at the auth service for a 5-minute access token on every request (the phantom
 * token), against the same request with that user's session access token, which skips the
 * exchange. The ratio is what an API-token request costs over a session one.
 */
export async function apiTokenScenario(
  gatewayUrl: string,
  accessToken: string,
  classify: Classify,
): Promise<BenchRow> {
  await waitForProfile(gatewayUrl, accessToken);
  const apiToken = await createApiToken(gatewayUrl, accessToken);
  const load = (token: string, durationS: number) => ({
    url: `${gatewayUrl}${PATH}`,
    method: "GET" as const,
    headers: { Authorization: `Bearer ${token}` },
    connections: CONCURRENCY,
    durationS,
  });
  await httpLoad(load(accessToken, 1)); // warm-up
  await httpLoad(load(apiToken, 1));
  const runs = await interleave(
    ROUNDS,
    () => loadRound(classify, load(accessToken, DURATION_S)),
    () => loadRound(classify, load(apiToken, DURATION_S)),
  );
  return interleavedRow(
    {
      scenario: "GET /api/v1/users/me via gateway with an API token (exchanged per request)",
      unit: "req/s",
      goal: "≥ 40%",
      concurrency: CONCURRENCY,
      durationS: DURATION_S,
      note:
        "the ceiling is the same request with the user's session access token, which the " +
        "gateway passes through; the API token costs an auth_request to the auth service's " +
        "exchange (a lookup by SHA-256 and an EdDSA signature) on every request.",
    },
    "same request, session access token",
    runs,
  );
}
