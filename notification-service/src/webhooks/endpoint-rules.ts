import { randomUUID } from "node:crypto";
import { conflict, forbidden, unprocessable, type Principal } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import type { OwnerKind } from "../data/webhook-endpoints";
import { disallowedEventTypes, WEBHOOK_TEST_TYPE } from "./event-types";

/** Admins own platform endpoints; organizers their events' (the route admits no one else). */
export const ownerKindOf = (principal: Principal): OwnerKind =>
  principal.roles.includes("admin") ? "admin" : "organizer";

/** 422 `event_type_not_allowed` naming the types the owner may not receive. */
export function assertEventTypes(kind: OwnerKind, types: readonly string[]): void {
  const refused = disallowedEventTypes(kind, types);
  if (refused.length > 0) {
    throw unprocessable(
      "event_type_not_allowed",
      `Not a type this endpoint may receive: ${refused.map((t) => t.slice(0, 100)).join(", ")}.`,
    );
  }
}

/**
 * An organizer's endpoint for one event: refused (403) when the topics named another organizer
 * for it. An event not heard of yet (just created) is accepted; its deliveries still go only
 * once the topics name this organizer as its owner (`fanOut`).
 */
export async function assertEventAccess(
  repos: Repositories,
  principal: Principal,
  eventId: string | null | undefined,
): Promise<void> {
  if (eventId == null || ownerKindOf(principal) === "admin") return;
  const owner = await repos.webhookEndpoints.ownerOf(eventId);
  if (owner !== undefined && owner !== principal.subject) {
    throw forbidden("forbidden", "You do not organize this event.");
  }
}

/** 422 `url_not_allowed` with the guard's reason (docs/integrations.md, "Outbound address guard"). */
export async function assertUrl(
  check: (url: string) => Promise<{ ok: true } | { ok: false; reason: string }>,
  url: string,
): Promise<void> {
  const verdict = await check(url);
  if (!verdict.ok) {
    throw unprocessable("url_not_allowed", `The URL is not allowed: ${verdict.reason}.`);
  }
}

/** The body of a test-send: a CloudEvent of its own type about the endpoint. */
export function testEvent(endpointId: string, now = new Date()) {
  const id = randomUUID();
  const payload = JSON.stringify({
    specversion: "1.0",
    id,
    source: "/turnout/notification-service",
    type: WEBHOOK_TEST_TYPE,
    time: now.toISOString(),
    subject: endpointId,
    datacontenttype: "application/json",
    data: { endpoint_id: endpointId, message: "A test delivery from Turnout." },
  });
  return { id, type: WEBHOOK_TEST_TYPE, aggregateKey: `test:${id}`, payload };
}

/** 409 `endpoint_disabled`: deliveries to a disabled endpoint would wait for ever. */
export function assertActive(status: string): void {
  if (status !== "active") {
    throw conflict("endpoint_disabled", "The endpoint is disabled; enable it first.");
  }
}
