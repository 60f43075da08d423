import { randomUUID } from "node:crypto";
import request from "supertest";
import { stackTokenMinter, unscopedRoutes, type TokenMinter } from "@turnout/test-kit";
import { eventInput, type EventBody } from "./helpers/factories";
import { createTestApp } from "./helpers/test-app";

const { app, close } = createTestApp();
afterAll(() => close());

let minter: TokenMinter;
beforeAll(async () => {
  minter = await stackTokenMinter();
});

const organizerId = randomUUID();
const organizer = async (scope?: string) =>
  `Bearer ${await minter.mint({ sub: organizerId, roles: ["attendee", "organizer"], scope })}`;

const TYPES = [
  { name: "Standard", quota: 30 },
  { name: "VIP", quota: 5, hidden: true, access_code: "golden-ticket" },
];

test("an organizer's API token creates an event with events:write, and is refused without it", async () => {
  const refused = await request(app)
    .post("/api/v1/events")
    .set("Authorization", await organizer("events:read registrations:write"))
    .send(eventInput());
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ code: "insufficient_scope" });
  expect(refused.headers["www-authenticate"]).toBe(
    'Bearer error="insufficient_scope", scope="events:write"',
  );

  const created = await request(app)
    .post("/api/v1/events")
    .set("Authorization", await organizer("events:write"))
    .send(eventInput({ capacity: 30, ticket_types: TYPES }));
  expect(created.status).toBe(201);

  // The event page: an API token without events:read reads as anonymous (no hidden types).
  const { id } = created.body as EventBody;
  const names = async (authorization: string) =>
    (
      (await request(app).get(`/api/v1/events/${id}`).set("Authorization", authorization))
        .body as EventBody
    ).ticket_types.map((type) => type.name);
  expect(await names(await organizer("events:read"))).toEqual(["Standard", "VIP"]);
  expect(await names(await organizer("events:write"))).toEqual(["Standard"]);
});

test("every authenticated route names a scope", async () => {
  const doc = (await request(app).get("/api/v1/events/openapi.json")).body as Parameters<
    typeof unscopedRoutes
  >[0];
  expect(Object.keys(doc.paths ?? {})).toContain("/api/v1/events");
  expect(unscopedRoutes(doc)).toEqual([]);
});
