import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { waitFor } from "@turnout/test-kit";
import { recoverOnce, type RecoveryReport } from "../../src/domain/recovery";
import { faultyLedger, type Faults } from "./faulty-ledger";
import { readEvent, type User } from "./platform";
import type { SuiteContext } from "./suite-context";
import { createTestApp, type TestApp } from "./test-app";

/** Attempts older than this are settled by the recovery passes these tests run. */
export const GRACE_MS = 300;

export interface CrashHarness {
  /** Switch faults on for the next calls of the faulty replica (reset after each test). */
  faults: Faults;
  /** A replica whose ledger client misbehaves as `faults` say; `ctx.testApp` is a healthy one. */
  faulty: TestApp;
  /** Sends a sign-up to the faulty replica that is never answered; its row, once written. */
  signUpThatCrashes(
    user: User,
    eventId: string,
  ): Promise<{ row: { id: string; status: string }; abort: () => void }>;
  /** Waits out the grace period, then runs one recovery pass on the healthy replica. */
  recover(): Promise<RecoveryReport>;
  /** Seats the ledger holds equal registrations that hold one, and both equal `expected`. */
  expectSeatsMatchRows(eventId: string, expected: number): Promise<void>;
}

export function useCrashHarness(ctx: SuiteContext): CrashHarness {
  const faults: Faults = { reserve: "none", failReleases: false };
  let server: Server | undefined;
  const harness = { faults } as CrashHarness;

  beforeAll(() => {
    harness.faulty = createTestApp({
      peers: ctx.platform.services.urls,
      wrapLedger: (ledger) => faultyLedger(ledger, faults),
    });
    server = harness.faulty.app.listen(0, "127.0.0.1");
  });
  afterEach(() => {
    faults.reserve = "none";
    faults.failReleases = false;
  });
  afterAll(async () => {
    if (!server) return;
    const running = server;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
    await harness.faulty.close();
  });

  harness.signUpThatCrashes = async (user, eventId) => {
    const aborter = new AbortController();
    const port = (server?.address() as AddressInfo).port;
    void fetch(`http://127.0.0.1:${port}/api/v1/registrations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: eventId }),
      signal: aborter.signal,
    }).catch(() => undefined);
    const row = await waitFor(
      async () =>
        (await harness.faulty.db.registration.findFirst({ where: { userId: user.id } })) ?? false,
    );
    return {
      row,
      abort: () => {
        aborter.abort();
      },
    };
  };

  harness.recover = async () => {
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 100));
    return recoverOnce(ctx.testApp.deps, { graceMs: GRACE_MS });
  };

  harness.expectSeatsMatchRows = async (eventId, expected) => {
    const holding = await ctx.testApp.db.registration.count({
      where: { eventId, status: { in: ["confirmed", "pending"] } },
    });
    expect(holding).toBe(expected);
    expect((await readEvent(ctx.platform, eventId)).seats_taken).toBe(expected);
  };

  return harness;
}
