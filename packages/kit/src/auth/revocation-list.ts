/**
 * Revoked access tokens this instance has heard of: `jti` → the token's expiry. In memory on
 * purpose: every instance learns the same facts from the broadcast `token-revoked` topic (read
 * from the beginning with a group of its own), and an entry is useless once its token has
 * expired, so the list stays as small as the number of revoked tokens still alive.
 */
export interface RevocationList {
  /** Records a revoked token; a repeat is harmless, and an already expired one is ignored. */
  revoke(tokenId: string, expiresAt: Date): void;
  /** A plain function, so it can be handed to a verifier as is. */
  isRevoked: (tokenId: string) => boolean;
  /** Drops the entries whose token has expired (plus the grace); runs on a timer too. */
  sweep(): void;
  readonly size: number;
  /** Stops the sweep timer. */
  stop(): void;
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

  const sweep = () => {
    const at = now();
    for (const [tokenId, forgetAt] of entries) if (forgetAt <= at) entries.delete(tokenId);
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
    isRevoked: (tokenId) => entries.has(tokenId),
    sweep,
    get size() {
      return entries.size;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
