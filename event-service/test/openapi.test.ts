import request from "supertest";
import { createTestApp } from "./helpers/test-app";

const { app, close } = createTestApp();
afterAll(() => close());

interface Document {
  paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}

test("the document lists exactly the public event routes, never the internal ledger", async () => {
  const res = await request(app).get("/api/v1/events/openapi.json");
  expect(res.status).toBe(200);
  const doc = res.body as Document;
  const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(routes.sort()).toEqual(
    [
      "GET /api/v1/events/openapi.json",
      "GET /api/v1/events",
      "POST /api/v1/events",
      "GET /api/v1/events/{id}",
      "PATCH /api/v1/events/{id}",
      "DELETE /api/v1/events/{id}",
      "GET /api/v1/events/{id}/availability",
    ].sort(),
  );
  expect(JSON.stringify(doc)).not.toContain("/internal");

  const create = doc.paths["/api/v1/events"]!.post!;
  expect(create.security).toEqual([{ bearer: ["events:write"] }]);
  expect(Object.keys(create.responses)).toEqual(
    expect.arrayContaining(["201", "400", "401", "403", "415", "422"]),
  );
  expect(doc.paths["/api/v1/events/{id}"]!.get!.security).toBeUndefined();
  expect(Object.keys(doc.components.schemas)).toEqual(
    expect.arrayContaining(["Event", "EventPage", "CreateEventRequest", "UpdateEventRequest"]),
  );
});
