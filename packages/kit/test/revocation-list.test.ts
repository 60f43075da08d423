import { createEvent, sessionsRevokedV1, tokenRevokedV1 } from "@turnout/contracts";
import { applyRevocation, createRevocationList } from "../src/auth";

/** A token as the verifier describes it; `iat` in seconds. */
const token = (jti: string, sub = "user-0", iat = 0) => ({ jti, sub, iat });

describe("revocation list", () => {
  let clock = 1_000_000;
  const list = createRevocationList({ graceMs: 5_000, now: () => clock });
  afterAll(() => {
    list.stop();
  });

  test("lists a revoked token until its expiry plus the grace, then the sweep drops it", () => {
    list.revoke("jti-a", new Date(clock + 10_000));
    list.revoke("jti-b", new Date(clock + 60_000));
    expect(list.isRevoked(token("jti-a"))).toBe(true);
    expect(list.isRevoked(token("jti-other"))).toBe(false);

    clock += 14_000; // still within jti-a's grace
    list.sweep();
    expect(list.isRevoked(token("jti-a"))).toBe(true);

    clock += 2_000;
    list.sweep();
    expect(list.isRevoked(token("jti-a"))).toBe(false);
    expect(list.isRevoked(token("jti-b"))).toBe(true);
    expect(list.size).toBe(1);
  });

  test("a repeat is harmless and an already expired token is not stored", () => {
    list.revoke("jti-b", new Date(clock + 60_000));
    list.revoke("jti-b", new Date(clock + 1_000)); // never shortens an entry
    expect(list.size).toBe(1);
    list.revoke("jti-old", new Date(clock - 10_000));
    expect(list.isRevoked(token("jti-old"))).toBe(false);
    expect(list.size).toBe(1);
  });

  test("the timer sweeps on its own", () => {
    jest.useFakeTimers();
    try {
      let now = 0;
      const timed = createRevocationList({ sweepIntervalMs: 1_000, graceMs: 0, now: () => now });
      timed.revoke("jti-t", new Date(500));
      expect(timed.size).toBe(1);
      now = 1_000;
      jest.advanceTimersByTime(1_000);
      expect(timed.size).toBe(0);
      timed.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  test("a revoked subject rejects its tokens issued before the instant, until the entry expires", () => {
    const at = 2_000_000_000; // ms; a whole second
    const subjects = createRevocationList({ graceMs: 1_000, now: () => at });
    const user = "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10";
    subjects.revokeSubject(user, new Date(at + 500), new Date(at + 900_000));
    const iatNow = at / 1000;
    expect(subjects.isRevoked(token("j1", user, iatNow - 1))).toBe(true);
    // Issued in the revocation's own second: maybe before it (iat has whole seconds), revoked.
    expect(subjects.isRevoked(token("j2", user, iatNow))).toBe(true);
    expect(subjects.isRevoked(token("j5", user, iatNow + 1))).toBe(false);
    expect(subjects.isRevoked(token("j3", user, iatNow + 60))).toBe(false);
    expect(subjects.isRevoked(token("j4", "someone-else", iatNow - 1))).toBe(false);
    // A repeat never moves the instant back.
    subjects.revokeSubject(user, new Date(at - 100_000), new Date(at + 900_000));
    expect(subjects.isRevoked(token("j1", user, iatNow - 1))).toBe(true);
    expect(subjects.size).toBe(1);
    subjects.stop();

    let clock = at;
    const expiring = createRevocationList({ graceMs: 1_000, now: () => clock });
    expiring.revokeSubject(user, new Date(at), new Date(at + 10_000));
    clock += 11_000;
    expiring.sweep();
    expect(expiring.size).toBe(0);
    expiring.revokeSubject(user, new Date(at), new Date(at)); // already over: ignored
    expect(expiring.size).toBe(0);
    expiring.stop();
  });

  test("a revoked session rejects that session's tokens issued before the instant, and no others", () => {
    let clock = 2_000_000_000;
    const sessions = createRevocationList({ graceMs: 1_000, now: () => clock });
    const user = "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10";
    const iatNow = clock / 1000;
    const inSession = (jti: string, sid: string | undefined, iat = iatNow - 1) => ({
      ...token(jti, user, iat),
      sid,
    });
    sessions.revokeSession("session-a", new Date(clock), new Date(clock + 10_000));
    expect(sessions.isRevoked(inSession("j1", "session-a"))).toBe(true);
    expect(sessions.isRevoked(inSession("j2", "session-a", iatNow))).toBe(true);
    expect(sessions.isRevoked(inSession("j3", "session-a", iatNow + 1))).toBe(false);
    // The account's other sessions, and tokens without a session, are left alone.
    expect(sessions.isRevoked(inSession("j4", "session-b"))).toBe(false);
    expect(sessions.isRevoked(inSession("j5", undefined))).toBe(false);
    expect(sessions.size).toBe(1);
    clock += 11_001;
    sessions.sweep();
    expect(sessions.size).toBe(0);
    expect(sessions.isRevoked(inSession("j1", "session-a"))).toBe(false);
    sessions.stop();
  });

  test("applyRevocation applies both event types of token-revoked and refuses others", () => {
    const applied = createRevocationList();
    const user = "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10";
    const future = new Date(Date.now() + 600_000).toISOString();
    const source = "/turnout/auth-service";
    applyRevocation(
      applied,
      createEvent(tokenRevokedV1, {
        source,
        data: {
          jti: "jti-x",
          user_id: user,
          expires_at: future,
          revoked_at: new Date().toISOString(),
          reason: "logout",
        },
      }),
    );
    const before = new Date(Date.now() + 5_000);
    applyRevocation(
      applied,
      createEvent(sessionsRevokedV1, {
        source,
        data: {
          user_id: user,
          revoked_before: before.toISOString(),
          expires_at: future,
          reason: "password_reset",
        },
      }),
    );
    const session = "6a0e1f2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    applyRevocation(
      applied,
      createEvent(sessionsRevokedV1, {
        source,
        data: {
          user_id: "7c1e3b8d-0b9d-4e3c-9f2d-6f4e1a5c3b8d",
          session_id: session,
          revoked_before: before.toISOString(),
          expires_at: future,
          reason: "refresh_token_reused",
        },
      }),
    );
    const iat = Math.floor(Date.now() / 1000);
    const other = "7c1e3b8d-0b9d-4e3c-9f2d-6f4e1a5c3b8d";
    // With session_id only that session's tokens end, not the account's.
    expect(applied.isRevoked({ ...token("jti-s", other, iat), sid: session })).toBe(true);
    expect(applied.isRevoked({ ...token("jti-s", other, iat), sid: "another" })).toBe(false);
    expect(applied.isRevoked(token("jti-x", "other", iat))).toBe(true);
    expect(applied.isRevoked(token("jti-y", user, iat))).toBe(true);
    expect(applied.isRevoked(token("jti-y", "other", iat))).toBe(false);
    expect(() => {
      applyRevocation(applied, { type: "turnout.other.thing.v1" });
    }).toThrow();
    expect(() => {
      applyRevocation(applied, null);
    }).toThrow();
    applied.stop();
  });
});
