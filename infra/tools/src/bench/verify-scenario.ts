import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import {
  createRevocationList,
  createTokenVerifier,
  createVaultClient,
  createVaultKeySource,
  TOKEN_ALGORITHMS,
} from "@turnout/kit";
import { closedLoop, type LoopResult } from "./closed-loop";
import type { Classify } from "./cpu";
import { httpLoad, loadRound } from "./http-load";
import { interleavedRow, type BenchRow } from "./report";
import { interleave } from "./rounds";

const CONCURRENCY = 16;
const DURATION_S = 5;
const ROUNDS = 3;
/** The defaults of JWT_ISSUER and JWT_AUDIENCE (packages/kit/src/config/service-config.ts). */
const ISSUER = "turnout-auth";
const AUDIENCE = "turnout-api";

/** The kit's verifier, as a service builds it (Vault key source), against raw jose. */
export async function verifyScenario(
  vaultInfo: { addr: string; token: string },
  tokens: string[],
): Promise<BenchRow> {
  const vault = createVaultClient({
    addr: vaultInfo.addr,
    credentials: { token: vaultInfo.token },
  });
  const keys = createVaultKeySource({ vault });
  const revocations = createRevocationList();
  try {
    await keys.refresh();
    const verifier = createTokenVerifier({
      keySource: keys,
      issuer: ISSUER,
      audience: AUDIENCE,
      accept: "user",
      isRevoked: revocations.isRevoked,
    });

    // The raw ceiling: the same token's key imported once, the same claim checks.
    const kid = decodeProtectedHeader(tokens[0] ?? "").kid;
    const jwk = (await keys.keySet()).keys.find((k) => k.kid === kid);
    if (!jwk) throw new Error(`no public key ${String(kid)} in Vault`);
    const key = await importJWK(jwk, "EdDSA");
    const options = {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [...TOKEN_ALGORITHMS],
      typ: "at+jwt",
    };

    let i = 0;
    const next = () => tokens[i++ % tokens.length] ?? "";
    const loop = { concurrency: CONCURRENCY, durationMs: DURATION_S * 1000 };
    const warmUp = { ...loop, durationMs: 1000 };
    await closedLoop(() => jwtVerify(next(), key, options), warmUp);
    await closedLoop(() => verifier(next()), warmUp);
    const asRound = (r: LoopResult) => ({ ...r, failures: r.errors });
    const runs = await interleave(
      ROUNDS,
      async () => asRound(await closedLoop(() => jwtVerify(next(), key, options), loop)),
      async () => asRound(await closedLoop(() => verifier(next()), loop)),
    );
    return interleavedRow(
      {
        scenario: "Token verification (kit createTokenVerifier, Vault key source)",
        unit: "verifies/s",
        goal: "≥ 95%",
        concurrency: CONCURRENCY,
        durationS: DURATION_S,
        note:
          "in the bench process, the same EdDSA tokens; the ceiling is jose with the key imported " +
          "once and the same issuer/audience/typ checks, so the ratio is the kit's own cost " +
          "(key lookup by kid, claims schema, revocation check).",
      },
      "raw jose jwtVerify",
      runs,
    );
  } finally {
    keys.stop();
    revocations.stop();
  }
}

/** GET /api/v1/auth/me with a valid token: verification plus a DB read, no ceiling. */
export async function meScenario(
  authUrl: string,
  token: string,
  classify: Classify,
): Promise<BenchRow> {
  const load = (durationS: number) => ({
    url: `${authUrl}/api/v1/auth/me`,
    method: "GET" as const,
    headers: { Authorization: `Bearer ${token}` },
    connections: CONCURRENCY,
    durationS,
  });
  await httpLoad(load(2)); // warm-up
  const measured = await loadRound(classify, load(DURATION_S));
  return {
    scenario: "GET /api/v1/auth/me (auth service direct)",
    unit: "req/s",
    measured,
    concurrency: CONCURRENCY,
    durationS: DURATION_S,
    note: "token verification plus one DB read over HTTP; reported without a ceiling.",
  };
}
