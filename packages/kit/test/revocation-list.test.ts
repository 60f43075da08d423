import { createRevocationList } from "../src/auth";

describe("revocation list", () => {
  let clock = 1_000_000;
  const list = createRevocationList({ graceMs: 5_000, now: () => clock });
  afterAll(() => {
    list.stop();
  });

  test("lists a revoked token until its expiry plus the grace, then the sweep drops it", () => {
    list.revoke("jti-a", new Date(clock + 10_000));
    list.revoke("jti-b", new Date(clock + 60_000));
    expect(list.isRevoked("jti-a")).toBe(true);
    expect(list.isRevoked("jti-other")).toBe(false);

    clock += 14_000; // still within jti-a's grace
    list.sweep();
    expect(list.isRevoked("jti-a")).toBe(true);

    clock += 2_000;
    list.sweep();
    expect(list.isRevoked("jti-a")).toBe(false);
    expect(list.isRevoked("jti-b")).toBe(true);
    expect(list.size).toBe(1);
  });

  test("a repeat is harmless and an already expired token is not stored", () => {
    list.revoke("jti-b", new Date(clock + 60_000));
    list.revoke("jti-b", new Date(clock + 1_000)); // never shortens an entry
    expect(list.size).toBe(1);
    list.revoke("jti-old", new Date(clock - 10_000));
    expect(list.isRevoked("jti-old")).toBe(false);
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
});
