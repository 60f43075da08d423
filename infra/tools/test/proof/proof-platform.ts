import { randomUUID } from "node:crypto";
import {
  startServices,
  stackTokenMinter,
  type RunningServices,
  type TokenMinter,
} from "@turnout/test-kit";

export const ALL_SERVICES = [
  "auth-service",
  "user-service",
  "event-service",
  "registration-service",
  "notification-service",
] as const;

/**
 * How long a proof test waits for a mail (or anything else a consumer group does). The test
 * stack's groups are shared by every test file's service processes, and one of them is
 * SIGKILLed on purpose (consumer-killed), which stalls its group for the 30 s session timeout.
 */
export const MAIL_WAIT_MS = 75_000;

/** Service → the public area it serves (`/api/v1/<area>`). */
export const AREA: Record<(typeof ALL_SERVICES)[number], string> = {
  "auth-service": "auth",
  "user-service": "users",
  "event-service": "events",
  "registration-service": "registrations",
  "notification-service": "notifications",
};

export interface ProofPlatform {
  services: RunningServices;
  minter: TokenMinter;
  url(service: (typeof ALL_SERVICES)[number]): string;
  user(roles?: string[]): Promise<{ id: string; token: string }>;
}

/** All five services as real processes on the test stack (a slow start is retried once). */
export async function startProofPlatform(): Promise<ProofPlatform> {
  let services: RunningServices;
  try {
    services = await startServices(ALL_SERVICES);
  } catch {
    services = await startServices(ALL_SERVICES);
  }
  const minter = await stackTokenMinter();
  return {
    services,
    minter,
    url: (service) => services.urls[service] ?? "",
    user: async (roles = ["attendee"]) => {
      const id = randomUUID();
      return { id, token: await minter.mint({ sub: id, roles, expiresInSeconds: 900 }) };
    },
  };
}

export async function createEvent(
  platform: ProofPlatform,
  organizerToken: string,
  capacity = 10,
): Promise<{ id: string }> {
  const startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const res = await fetch(`${platform.url("event-service")}/api/v1/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${organizerToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: `Proof ${randomUUID().slice(0, 8)}`,
      description: "Made by the proof tests.",
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 2 * 3600 * 1000).toISOString(),
      timezone: "Europe/Berlin",
      location: "Proof Hall",
      capacity,
    }),
  });
  if (res.status !== 201) throw new Error(`create event: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}
