import type { JWK } from "jose";
import { z } from "zod";
import { formatDuration } from "../duration";
import { CasMismatchError, type KvV2 } from "../vault/kv-v2";
import { generateSigningKey, publicJwkOf, signingSecretData } from "./signing-key";

/** KV v2 paths below the `secret/` mount (docs/foundation.md, "Vault"). */
export const SIGNING_PATH = "turnout/jwt/signing";
export const JWKS_PATH = "turnout/jwt/jwks";
/** The longest an access token lives (ARCHITECTURE: minutes, not hours). */
export const DEFAULT_MAX_TOKEN_LIFETIME_MS = 15 * 60_000;

export interface RotateKeysOptions {
  kv: KvV2;
  /** Retire keys even if tokens they signed may still be valid. */
  force?: boolean;
  maxTokenLifetimeMs?: number;
  now?: () => Date;
  /**
   * Test seams: run between the reads and the writes, and between the two writes, so a test
   * can make a concurrent writer land exactly there.
   */
  hooks?: { afterRead?: () => Promise<void>; afterJwksWrite?: () => Promise<void> };
}

export interface RotationResult {
  oldKid: string;
  newKid: string;
  /** Versions written: the key set first, then the signing key. */
  jwksVersion: number;
  signingVersion: number;
  /** The published set, current first: exactly [new, old]. */
  keyIds: string[];
  /** Kids dropped from the set. */
  retiredKids: string[];
  /** Set when --force retired keys whose tokens may still be valid: until when they might be. */
  forcedRisk?: { retiredKids: string[]; validUntil: Date };
}

/** Rotating now could reject tokens that are still valid; nothing was written. */
export class RotationRefusedError extends Error {
  override name = "RotationRefusedError";
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}

/** Another writer changed the keys between our read and our write. */
export class RotationConflictError extends Error {
  override name = "RotationConflictError";
}

const signingSecret = z.object({
  kid: z.string().min(1),
  alg: z.literal("EdDSA"),
  private_jwk: z.string().min(1),
});
const jwksSecret = z.object({ keys: z.string() });
const publicKeyList = z.array(z.looseObject({ kid: z.string().min(1) }));

function parseOrExplain<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`secret/${what} is not in the documented format: ${parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * Replaces the signing key. The public set is written first, so every verifier can know the
 * new key before any token is signed with it; then the signing key. Both writes are
 * check-and-set against the versions read, so two rotations racing cannot both win: the
 * loser's first write fails and it writes nothing.
 */
export async function rotateKeys(options: RotateKeysOptions): Promise<RotationResult> {
  const { kv } = options;
  const now = (options.now ?? (() => new Date()))();
  const maxLifetime = options.maxTokenLifetimeMs ?? DEFAULT_MAX_TOKEN_LIFETIME_MS;

  const signing = await kv.read(SIGNING_PATH);
  if (!signing) {
    throw new Error(
      `secret/${SIGNING_PATH} does not exist: bootstrap Vault first (npm start, or compose's vault-init)`,
    );
  }
  const current = parseOrExplain(signingSecret, signing.data, SIGNING_PATH);
  const jwks = await kv.read(JWKS_PATH);
  const published = jwks
    ? parseOrExplain(
        publicKeyList,
        JSON.parse(parseOrExplain(jwksSecret, jwks.data, JWKS_PATH).keys),
        JWKS_PATH,
      )
    : [];

  // The set may lack the current key after a hand rotation done in the wrong order; its
  // public half is then derived from the signing secret, so the result is the same.
  const currentPublic: JWK = published.find((key) => key.kid === current.kid) ?? {
    ...publicJwkOf(
      parseOrExplain(z.looseObject({}), JSON.parse(current.private_jwk), SIGNING_PATH),
    ),
    kid: current.kid,
  };
  const retiredKids = published.map((key) => key.kid).filter((kid) => kid !== current.kid);

  // Keys other than the current one stopped signing when the current version was written,
  // so their last tokens expire one lifetime after that. Retiring them earlier would reject
  // tokens that are still valid.
  const validUntil = new Date(signing.createdTime.getTime() + maxLifetime);
  let forcedRisk: RotationResult["forcedRisk"];
  if (retiredKids.length > 0 && now < validUntil) {
    if (!options.force) {
      throw new RotationRefusedError(
        `refusing to rotate: the current key ${current.kid} was written at ` +
          `${signing.createdTime.toISOString()} (${formatDuration(now.getTime() - signing.createdTime.getTime())} ago), ` +
          `so tokens signed by the key it replaced (${retiredKids.join(", ")}) may be valid until ` +
          `${validUntil.toISOString()}, and this rotation would drop that key from the set. ` +
          `Wait ${formatDuration(validUntil.getTime() - now.getTime())}, or pass --force ` +
          `(those tokens are then rejected: their holders get 401 and must refresh or sign in again).`,
        validUntil,
      );
    }
    forcedRisk = { retiredKids, validUntil };
  }

  await options.hooks?.afterRead?.();
  const next = await generateSigningKey();
  const keys = [next.publicJwk, currentPublic];
  const jwksBefore = jwks?.version ?? 0;

  let jwksVersion: number;
  try {
    jwksVersion = await kv.write(JWKS_PATH, { keys: JSON.stringify(keys) }, jwksBefore);
  } catch (error) {
    if (!(error instanceof CasMismatchError)) throw error;
    throw new RotationConflictError(
      `secret/${JWKS_PATH} changed since version ${jwksBefore} was read (another rotation?); ` +
        `nothing was written. Run the command again.`,
      { cause: error },
    );
  }

  await options.hooks?.afterJwksWrite?.();
  let signingVersion: number;
  try {
    signingVersion = await kv.write(SIGNING_PATH, signingSecretData(next), signing.version);
  } catch (error) {
    if (!(error instanceof CasMismatchError)) throw error;
    // Someone replaced the signing key without publishing through the set first. Our set now
    // lacks their key, so put the set back as it was before reporting.
    const restored = await restoreKeySet(kv, jwks?.data, jwksVersion);
    throw new RotationConflictError(
      `secret/${SIGNING_PATH} changed since version ${signing.version} was read, after ` +
        `secret/${JWKS_PATH} version ${jwksVersion} had been written; ` +
        (restored
          ? `the key set was restored to its previous content (version ${restored}). `
          : `the key set could not be restored: check both secrets. `) +
        `Check secret/${SIGNING_PATH} and run the command again.`,
      { cause: error },
    );
  }

  return {
    oldKid: current.kid,
    newKid: next.kid,
    jwksVersion,
    signingVersion,
    keyIds: [next.kid, current.kid],
    retiredKids,
    ...(forcedRisk ? { forcedRisk } : {}),
  };
}

async function restoreKeySet(
  kv: KvV2,
  previous: Record<string, unknown> | undefined,
  written: number,
): Promise<number | undefined> {
  if (!previous) return undefined;
  try {
    return await kv.write(JWKS_PATH, previous, written);
  } catch {
    return undefined;
  }
}
