/**
 * Revoked access tokens this instance has heard of: single tokens (`jti` → the token's expiry)
 * and whole subjects ("every token of `sub` issued before T", after a password reset). In
 * memory on purpose: every instance learns the same facts from the broadcast `token-revoked`
 * topic (read from the beginning with a group of its own), and an entry is useless once every
 * token it covers has expired, so the list stays as small as the revocations still alive.
 */
export interface RevocationList {
  /** Records a revoked token; a repeat is harmless, and an already expired one is ignored. */
  revoke(tokenId: string, expiresAt: Date): void;
  /**
   * Records that every token of `subject` issued before `revokedBefore` is revoked, until
   * `expiresAt` (by then each of them has expired). A repeat keeps the latest instant.
   */
  revokeSubject(subject: string, revokedBefore: Date, expiresAt: Date): void;
  /** A plain function, so it can be handed to a verifier as is. */
  isRevoked: (token: RevocationQuery) => boolean;
  /** Drops the entries whose tokens have expired (plus the grace); runs on a timer too. */
  sweep(): void;
  /** Entries held: revoked token ids plus revoked subjects. */
  readonly size: number;
  /** Stops the sweep timer. */
  stop(): void;
}

/** What a verifier knows of a token: its id, subject and issue time (`iat`, seconds). */
export interface RevocationQuery {
  jti: string;
  sub: string;
  iat: number;
}

export interface RevocationListOptions {
  /** How often expired entries are dropped; default 60 s. */
  sweepIntervalMs?: number;
  /**
   * How long an entry outlives its token's `exp`: verifiers accept a few seconds of clock skew,
   * so a revoked token must stay listed at least that long. Default 60 s.
   */
  graceMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export function createRevocationList(options: RevocationListOptions = {}): RevocationList {
  const graceMs = options.graceMs ?? 60_000;
  const now = options.now ?? Date.now;
  /** jti → the time (ms) after which the entry may be forgotten. */
  const entries = new Map<string, number>();
  /**
   * sub → tokens issued (`iat`) before `beforeMs` are revoked. `iat` has whole seconds, so a
   * token whose second contains the instant may have been issued before it and is revoked too
   * (`iat * 1000 <= beforeMs`); an issuer that wants fresh tokens to pass waits for the next
   * second before minting them (auth's password reset answers after it).
   */
  const subjects = new Map<string, { beforeMs: number; forgetAt: number }>();

  const sweep = () => {
    const at = now();
    for (const [tokenId, forgetAt] of entries) if (forgetAt <= at) entries.delete(tokenId);
    for (const [subject, entry] of subjects) if (entry.forgetAt <= at) subjects.delete(subject);
  };
  const timer = setInterval(sweep, options.sweepIntervalMs ?? 60_000);
  // Never keeps a process alive on its own.
  timer.unref();

  return {
    revoke(tokenId, expiresAt) {
      const forgetAt = expiresAt.getTime() + graceMs;
      if (Number.isNaN(forgetAt) || forgetAt <= now()) return;
      entries.set(tokenId, Math.max(forgetAt, entries.get(tokenId) ?? 0));
    },
    revokeSubject(subject, revokedBefore, expiresAt) {
      const forgetAt = expiresAt.getTime() + graceMs;
      const beforeMs = revokedBefore.getTime();
      if (Number.isNaN(forgetAt) || Number.isNaN(beforeMs) || forgetAt <= now()) return;
      const previous = subjects.get(subject);
      subjects.set(subject, {
        beforeMs: Math.max(beforeMs, previous?.beforeMs ?? 0),
        forgetAt: Math.max(forgetAt, previous?.forgetAt ?? 0),
      });
    },
    isRevoked: ({ jti, sub, iat }) => {
      if (entries.has(jti)) return true;
      const subject = subjects.get(sub);
      return subject !== undefined && iat * 1000 <= subject.beforeMs;
    },
    sweep,
    get size() {
      return entries.size + subjects.size;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
