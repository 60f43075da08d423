import { z } from "zod";
import { CasMismatchError, type KvV2 } from "../vault/kv-v2";
import { keyPaths, type KeyFamily, type KeyPaths } from "./key-family";
import { ticketRetention, tokenRetention, type PublicKey } from "./retention";
import { generateSigningKey, publicJwkOf, signingSecretData } from "./signing-key";

export { RotationRefusedError } from "./retention";

/** KV v2 paths below the `secret/` mount (docs/foundation.md, "Vault"): the access-token keys. */
export const SIGNING_PATH = keyPaths("jwt").signing;
export const JWKS_PATH = keyPaths("jwt").jwks;
/** The longest an access token lives (ARCHITECTURE: minutes, not hours). */
export const DEFAULT_MAX_TOKEN_LIFETIME_MS = 15 * 60_000;
/** The longest a ticket code lives: the registration service's TICKET_MAX_LIFETIME default. */
export const DEFAULT_MAX_TICKET_LIFETIME_MS = 400 * 86_400_000;

export interface RotateKeysOptions {
  kv: KvV2;
  /** `jwt` (access tokens, the default) or `tickets`. */
  family?: KeyFamily;
  /**
   * jwt: retire keys even if tokens they signed may still be valid. tickets: drop the replaced
   * key now (a compromised key) instead of keeping it until its retire-after time.
   */
  force?: boolean;
  maxTokenLifetimeMs?: number;
  maxTicketLifetimeMs?: number;
  now?: () => Date;
  /**
   * Test seams: run between the reads and the writes, and between the two writes, so a test
   * can make a concurrent writer land exactly there.
   */
  hooks?: { afterRead?: () => Promise<void>; afterJwksWrite?: () => Promise<void> };
}

export interface RotationResult {
  family: KeyFamily;
  paths: KeyPaths;
  oldKid: string;
  newKid: string;
  /** Versions written: the key set first, then the signing key. */
  jwksVersion: number;
  signingVersion: number;
  /** The published set, current first: [new, old] for jwt; tickets keep still-retiring keys too. */
  keyIds: string[];
  /** Kids dropped from the set. */
  retiredKids: string[];
  /** Set when --force retired keys whose tokens may still be valid: until when they might be. */
  forcedRisk?: { retiredKids: string[]; validUntil: Date };
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
const parsePublicKeys = (text: string, what: string): PublicKey[] =>
  parseOrExplain(publicKeyList, JSON.parse(text), what);

function parseOrExplain<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`secret/${what} is not in the documented format: ${parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * Replaces the signing key of a family. The public set is written first, so every verifier can
 * know the new key before anything is signed with it; then the signing key. Both writes are
 * check-and-set against the versions read, so two rotations racing cannot both win: the
 * loser's first write fails and it writes nothing.
 */
export async function rotateKeys(options: RotateKeysOptions): Promise<RotationResult> {
  const { kv } = options;
  const family = options.family ?? "jwt";
  const paths = keyPaths(family);
  const { signing: signingPath, jwks: jwksPath } = paths;
  const now = (options.now ?? (() => new Date()))();

  const signing = await kv.read(signingPath);
  if (!signing) {
    throw new Error(
      `secret/${signingPath} does not exist: bootstrap Vault first (npm start, or compose's vault-init)`,
    );
  }
  const current = parseOrExplain(signingSecret, signing.data, signingPath);
  const jwks = await kv.read(jwksPath);
  const published = jwks
    ? parsePublicKeys(parseOrExplain(jwksSecret, jwks.data, jwksPath).keys, jwksPath)
    : [];

  // The set may lack the current key after a hand rotation done in the wrong order; its
  // public half is then derived from the signing secret, so the result is the same.
  const currentPublic: PublicKey = published.find((key) => key.kid === current.kid) ?? {
    ...publicJwkOf(parseOrExplain(z.looseObject({}), JSON.parse(current.private_jwk), signingPath)),
    kid: current.kid,
  };
  const retention = {
    published,
    current: currentPublic,
    currentSince: signing.createdTime,
    now,
    force: options.force ?? false,
  };
  const plan =
    family === "tickets"
      ? ticketRetention({
          ...retention,
          maxLifetimeMs: options.maxTicketLifetimeMs ?? DEFAULT_MAX_TICKET_LIFETIME_MS,
        })
      : tokenRetention({
          ...retention,
          maxLifetimeMs: options.maxTokenLifetimeMs ?? DEFAULT_MAX_TOKEN_LIFETIME_MS,
        });

  await options.hooks?.afterRead?.();
  const next = await generateSigningKey();
  const keys = [next.publicJwk, ...plan.kept];
  const jwksBefore = jwks?.version ?? 0;

  let jwksVersion: number;
  try {
    jwksVersion = await kv.write(jwksPath, { keys: JSON.stringify(keys) }, jwksBefore);
  } catch (error) {
    if (!(error instanceof CasMismatchError)) throw error;
    throw new RotationConflictError(
      `secret/${jwksPath} changed since version ${jwksBefore} was read (another rotation?); ` +
        `nothing was written. Run the command again.`,
      { cause: error },
    );
  }

  await options.hooks?.afterJwksWrite?.();
  let signingVersion: number;
  try {
    signingVersion = await kv.write(signingPath, signingSecretData(next), signing.version);
  } catch (error) {
    if (!(error instanceof CasMismatchError)) throw error;
    // Someone replaced the signing key without publishing through the set first. Our set now
    // lacks their key, so put the set back as it was before reporting.
    const restored = await restoreKeySet(kv, jwksPath, jwks?.data, jwksVersion);
    throw new RotationConflictError(
      `secret/${signingPath} changed since version ${signing.version} was read, after ` +
        `secret/${jwksPath} version ${jwksVersion} had been written; ` +
        (restored
          ? `the key set was restored to its previous content (version ${restored}). `
          : `the key set could not be restored: check both secrets. `) +
        `Check secret/${signingPath} and run the command again.`,
      { cause: error },
    );
  }

  return {
    family,
    paths,
    oldKid: current.kid,
    newKid: next.kid,
    jwksVersion,
    signingVersion,
    keyIds: keys.map((key) => String(key.kid)),
    retiredKids: plan.retiredKids,
    ...(plan.forcedRisk ? { forcedRisk: plan.forcedRisk } : {}),
  };
}

async function restoreKeySet(
  kv: KvV2,
  path: string,
  previous: Record<string, unknown> | undefined,
  written: number,
): Promise<number | undefined> {
  if (!previous) return undefined;
  try {
    return await kv.write(path, previous, written);
  } catch {
    return undefined;
  }
}
