import { randomUUID } from "node:crypto";
import {
  startServices,
  stackTokenMinter,
  type RunningServices,
  type TokenMinter,
} from "@turnout/test-kit";

/** What a test needs around the registration service: real auth and event service processes. */
export interface Platform {
  services: RunningServices;
  minter: TokenMinter;
  eventUrl: string;
  stop: () => Promise<void>;
}

/**
 * Starts the peers; on a loaded machine a start-up can miss `startServices`' readiness deadline
 * (the development broker's group joins slow down), so a failed start is retried once.
 */
export async function startPlatform(): Promise<Platform> {
  let services: RunningServices;
  try {
    services = await startServices(["auth-service", "event-service"]);
  } catch {
    services = await startServices(["auth-service", "event-service"]);
  }
  return {
    services,
    minter: await stackTokenMinter(),
    eventUrl: services.urls["event-service"]!,
    stop: () => services.stop(),
  };
}

export interface User {
  id: string;
  token: string;
}

/** A user with a fresh id and a real signed access token. */
export async function newUser(platform: Platform, roles: string[] = ["attendee"]): Promise<User> {
  const id = randomUUID();
  return { id, token: await platform.minter.mint({ sub: id, roles, expiresInSeconds: 900 }) };
}

export interface PublicEvent {
  id: string;
  organizer_id: string;
  title: string;
  capacity: number;
  seats_taken: number;
  seats_available: number;
  status: string;
  requires_approval: boolean;
}

/** Publishes an event through the real event service as a fresh organizer. */
export async function createEvent(
  platform: Platform,
  options: {
    capacity?: number;
    requiresApproval?: boolean;
    organizer?: User;
    /** More fields of the request (ticket types, questions, a seat-change deadline). */
    fields?: Record<string, unknown>;
  } = {},
): Promise<{ event: PublicEvent; organizer: User }> {
  const organizer = options.organizer ?? (await newUser(platform, ["attendee", "organizer"]));
  const startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const res = await fetch(`${platform.eventUrl}/api/v1/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${organizer.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: `Registration test ${randomUUID().slice(0, 8)}`,
      description: "Made by the registration-service tests.",
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 2 * 3600 * 1000).toISOString(),
      timezone: "Europe/Berlin",
      location: "Test Hall, Berlin",
      capacity: options.capacity ?? 10,
      requires_approval: options.requiresApproval ?? false,
      ...options.fields,
    }),
  });
  if (res.status !== 201) throw new Error(`create event failed: ${res.status} ${await res.text()}`);
  return { event: (await res.json()) as PublicEvent, organizer };
}

/** The event as the event service has it now (seats included). */
export async function readEvent(platform: Platform, eventId: string): Promise<PublicEvent> {
  const res = await fetch(`${platform.eventUrl}/api/v1/events/${eventId}`);
  if (res.status !== 200) throw new Error(`read event failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as PublicEvent;
}

/** Cancels the event through the event service (it publishes `event-cancelled`). */
export async function cancelEvent(
  platform: Platform,
  eventId: string,
  organizer: User,
): Promise<void> {
  const res = await fetch(`${platform.eventUrl}/api/v1/events/${eventId}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${organizer.token}` },
  });
  if (res.status !== 204) throw new Error(`cancel event failed: ${res.status} ${await res.text()}`);
}
