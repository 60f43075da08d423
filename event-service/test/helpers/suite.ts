import type { Express } from "express";
import type { Server } from "node:http";
import { ledgerClient, type LedgerClient } from "./ledger";
import { createTestApp, type TestApp } from "./test-app";

export interface LedgerTestApp extends TestApp {
  /** Calls the seat ledger as the registration service does (made in `beforeAll`). */
  ledger: LedgerClient;
  /** What requests go to: the app, or its one listening server (`listen`). */
  target: () => Express | Server;
}

/**
 * The real app for one test file, with a seat-ledger client, closed after the file's tests.
 * `listen`: one listening server for every request (supertest would otherwise open one per
 * request, which a test of many concurrent calls cannot afford).
 */
export function ledgerTestApp({ listen = false } = {}): LedgerTestApp {
  const testApp = createTestApp();
  let server: Server | undefined;
  let client: LedgerClient | undefined;
  beforeAll(async () => {
    if (listen) server = testApp.app.listen(0);
    client = await ledgerClient(server ?? testApp.app);
  });
  afterAll(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
    await testApp.close();
  });
  const made = () => {
    if (!client) throw new Error("the ledger client is made in beforeAll");
    return client;
  };
  return {
    ...testApp,
    ledger: {
      reserve: (...args) => made().reserve(...args),
      release: (...args) => made().release(...args),
      releaseSeat: (...args) => made().releaseSeat(...args),
      read: (...args) => made().read(...args),
    },
    target: () => server ?? testApp.app,
  };
}
