import { expect, test } from "@jest/globals";
import { startServices } from "./service-processes";

test("startServices runs real service processes that answer and stop", async () => {
  const running = await startServices(["auth-service", "event-service"]);
  try {
    for (const url of Object.values(running.urls)) {
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(200);
    }
    const jwks = await fetch(`${running.urls["auth-service"] ?? ""}/.well-known/jwks.json`);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  } finally {
    await running.stop();
  }
  await expect(fetch(`${running.urls["auth-service"] ?? ""}/healthz`)).rejects.toThrow();
}, 90_000);
