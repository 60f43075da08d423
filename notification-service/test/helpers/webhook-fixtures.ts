import { randomUUID } from "node:crypto";
import request from "supertest";
import {
  createEvent,
  eventUpdatedV1,
  registrationCancelledV1,
  registrationConfirmedV1,
  registrationWaitlistedV1,
} from "@turnout/contracts";
import type { TokenMinter } from "@turnout/test-kit";
import type { TestService } from "./test-service";
import { parisSnapshot } from "./events";

export const WEBHOOKS = "/api/v1/webhooks";

/** An organizer's (or admin's) client of the webhook API. */
export async function webhookClient(
  t: TestService,
  minter: TokenMinter,
  roles: string[] = ["organizer"],
  scope?: string,
) {
  const userId = randomUUID();
  const token = await minter.mint({ sub: userId, roles, ...(scope ? { scope } : {}) });
  const auth = { Authorization: `Bearer ${token}` };
  return {
    userId,
    get: (path: string) => request(t.app).get(`${WEBHOOKS}${path}`).set(auth),
    post: (path: string, body?: object) =>
      request(t.app)
        .post(`${WEBHOOKS}${path}`)
        .set(auth)
        .send(body ?? {}),
    patch: (path: string, body: object) =>
      request(t.app).patch(`${WEBHOOKS}${path}`).set(auth).send(body),
    delete: (path: string) => request(t.app).delete(`${WEBHOOKS}${path}`).set(auth),
  };
}

/** An event organized by `organizerId`, as the registration messages' snapshot carries it. */
export const ownedSnapshot = (organizerId: string) => ({
  ...parisSnapshot("Webhook night"),
  organizer_id: organizerId,
});

type OwnedSnapshot = ReturnType<typeof ownedSnapshot>;
const SOURCE = "/turnout/registration-service";

/** The life of one registration: waitlisted, confirmed, cancelled (one aggregate). */
export function registrationLife(snapshot: OwnedSnapshot, registrationId = randomUUID()) {
  const user_id = randomUUID();
  const base = { registration_id: registrationId, user_id, ...snapshot };
  const now = () => new Date().toISOString();
  return [
    createEvent(registrationWaitlistedV1, {
      source: SOURCE,
      data: { ...base, waitlist_position: 1, waitlisted_at: now() },
    }),
    createEvent(registrationConfirmedV1, {
      source: SOURCE,
      data: { ...base, confirmed_at: now(), confirmed_via: "waitlist" },
    }),
    createEvent(registrationCancelledV1, {
      source: SOURCE,
      data: {
        ...base,
        previous_status: "confirmed",
        reason: "attendee_cancelled",
        cancelled_at: now(),
      },
    }),
  ];
}

/** `count` updates of one event (one aggregate, one topic, one partition), in order. */
export const eventUpdates = (snapshot: OwnedSnapshot, count: number) =>
  Array.from({ length: count }, (_, i) =>
    createEvent(eventUpdatedV1, {
      source: "/turnout/event-service",
      data: {
        ...snapshot,
        description: `Revision ${i + 1}`,
        capacity: 50 + i,
        requires_approval: false,
        category: null,
        status: "published",
        changed: ["description", "capacity"],
        updated_at: new Date(Date.now() + i).toISOString(),
      },
    }),
  );

/** a0, b0, a1, b1, ...: two aggregates' messages mixed on one topic. */
export function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i], b[i]])
    .flat()
    .filter((x): x is T => x !== undefined);
}
