/**
 * Revoked access tokens this instance has heard of: single tokens (`jti` → the token's expiry),
 * whole subjects ("every token of `sub` issued before T", after a password reset, a deletion or
 * a role change) and sessions ("every token with `sid` S issued before T", after a refresh token
 * was re-used). In
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
  /**
   * Records that every token of session `sessionId` (its `sid` claim) issued before
   * `revokedBefore` is revoked, until `expiresAt`. A repeat keeps the latest instant.
   */
  revokeSession(sessionId: string, revokedBefore: Date, expiresAt: Date): void;
  /** A plain function, so it can be handed to a verifier as is. */
  isRevoked: (token: RevocationQuery) => boolean;
  /** Drops the entries whose tokens have expired (plus the grace); runs on a timer too. */
  sweep(): void;
  /** Entries held: revoked token ids, subjects and sessions. */
  readonly size: number;
  /** Stops the sweep timer. */
  stop(): void;
}

/**
 * What a verifier knows of a token: its id, subject, issue time (`iat`, seconds) and, for a
 * user's access token, its session (`sid`, the refresh-token family it came from).
 */
export interface RevocationQuery {
  jti: string;
  sub: string;
  iat: number;
  sid?: string | undefined;
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
  const subjects = new Map<string, Cutoff>();
  /** sid → tokens of that session issued before `beforeMs` are revoked (same rule as above). */
  const sessions = new Map<string, Cutoff>();

  const sweep = () => {
    const at = now();
    for (const [tokenId, forgetAt] of entries) if (forgetAt <= at) entries.delete(tokenId);
    for (const map of [subjects, sessions])
      for (const [key, entry] of map) if (entry.forgetAt <= at) map.delete(key);
  };
  /** Adds or widens a cut-off entry; an entry already over (or with a bad date) is ignored. */
  const addCutoff = (
    map: Map<string, Cutoff>,
    key: string,
    revokedBefore: Date,
    expiresAt: Date,
  ) => {
    const forgetAt = expiresAt.getTime() + graceMs;
    const beforeMs = revokedBefore.getTime();
    if (Number.isNaN(forgetAt) || Number.isNaN(beforeMs) || forgetAt <= now()) return;
    const previous = map.get(key);
    map.set(key, {
      beforeMs: Math.max(beforeMs, previous?.beforeMs ?? 0),
      forgetAt: Math.max(forgetAt, previous?.forgetAt ?? 0),
    });
  };
  const cutOff = (entry: Cutoff | undefined, iat: number) =>
    entry !== undefined && iat * 1000 <= entry.beforeMs;
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
      addCutoff(subjects, subject, revokedBefore, expiresAt);
    },
    revokeSession(sessionId, revokedBefore, expiresAt) {
      addCutoff(sessions, sessionId, revokedBefore, expiresAt);
    },
    isRevoked: ({ jti, sub, iat, sid }) =>
      entries.has(jti) ||
      cutOff(subjects.get(sub), iat) ||
      (sid !== undefined && cutOff(sessions.get(sid), iat)),
    sweep,
    get size() {
      return entries.size + subjects.size + sessions.size;
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** "Tokens issued up to `beforeMs` are revoked"; forgotten after `forgetAt`. */
interface Cutoff {
  beforeMs: number;
  forgetAt: number;
}
