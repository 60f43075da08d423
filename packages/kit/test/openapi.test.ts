import type { RequestHandler } from "express";
import request from "supertest";
import { z } from "zod";
import { expectValidOpenApi } from "@turnout/test-kit";
import { createServiceApi, type OpenApiDocument, type Principal, unauthorized } from "../src";
import { buildApp } from "./helpers";

// Stands in for `authenticate(verifier)`: the kit's token tests cover the real one.
const fakeAuthenticate: RequestHandler = (req, res, next) => {
  const role = /^Bearer (attendee|organizer)$/.exec(req.get("authorization") ?? "")?.[1];
  if (!role) {
    next(unauthorized("unauthorized", "A bearer token is required."));
    return;
  }
  const principal: Principal = {
    kind: "user",
    subject: "u-1",
    roles: [role as Principal["roles"][number]],
    tokenId: "t-1",
    expiresAt: new Date(Date.now() + 60_000),
  };
  res.locals.principal = principal;
  next();
};

const thingBody = z.object({
  title: z.string().min(1).max(120),
  capacity: z.int().positive(),
  tags: z.array(z.string()).max(5).optional(),
});
const thing = thingBody.extend({ id: z.uuid() });

function thingsApi() {
  const api = createServiceApi({ area: "things", authenticate: fakeAuthenticate });
  api
    .route(
      {
        method: "post",
        path: "/",
        summary: "Create a thing",
        auth: { roles: ["organizer"] },
        request: { body: thingBody },
        responses: { 201: { description: "The new thing.", schema: thing } },
        problems: { 409: "`thing_exists`" },
      },
      ({ body }, _req, res) => {
        res.status(201).json({ ...body, id: "8a0c6b55-6d2c-4a47-9a36-0e1a3c1e6b0e" });
      },
    )
    .route(
      {
        method: "get",
        path: "/:id",
        summary: "One thing",
        auth: "none",
        request: {
          params: z.object({ id: z.uuid() }),
          query: z.object({ expand: z.enum(["tags"]).optional() }),
        },
        responses: { 200: { description: "The thing.", schema: thing } },
        problems: [404],
      },
      ({ params, query }, _req, res) => {
        res.json({ id: params.id, title: "t", capacity: 1, expand: query.expand ?? null });
      },
    );
  return api;
}

function appWith(api = thingsApi()) {
  return buildApp((app) => app.use(api.basePath, api.router)).app;
}

test("a registered route's body schema is in the document as JSON Schema, with problem+json errors", async () => {
  const doc = thingsApi().document();
  await expectValidOpenApi(doc);
  expect(doc).toMatchObject({
    openapi: "3.1.0",
    info: { title: "Turnout things API", version: "1.0.0" },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  });

  const create = doc.paths?.["/api/v1/things"]?.post;
  expect(create?.security).toEqual([{ bearer: [] }]);
  expect(create?.requestBody).toEqual({
    required: true,
    content: {
      "application/json": {
        schema: {
          type: "object",
          properties: {
            title: { type: "string", minLength: 1, maxLength: 120 },
            capacity: { type: "integer", exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER },
            tags: { type: "array", items: { type: "string" }, maxItems: 5 },
          },
          required: ["title", "capacity"],
        },
      },
    },
  });
  const problem = {
    "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
  };
  for (const status of ["400", "401", "403", "409", "413", "415", "default"]) {
    expect(create?.responses?.[status]).toMatchObject({ content: problem });
  }
  expect(create?.responses?.["201"]).toMatchObject({
    content: { "application/json": { schema: { type: "object" } } },
  });
  expect(doc.components?.schemas?.Problem).toMatchObject({
    type: "object",
    required: ["type", "title", "status", "detail", "code", "request_id"],
  });
});

test("path and query schemas become parameters; a public route has no security", () => {
  const doc: OpenApiDocument = thingsApi().document();
  const get = doc.paths?.["/api/v1/things/{id}"]?.get;
  expect(get?.security).toBeUndefined();
  expect(get?.parameters).toEqual([
    { in: "path", name: "id", required: true, schema: expect.objectContaining({ format: "uuid" }) },
    { in: "query", name: "expand", schema: { type: "string", enum: ["tags"] } },
  ]);
  expect(Object.keys(get?.responses ?? {}).sort()).toEqual(["200", "400", "404", "default"]);
});

test("the API serves its own document, which lists itself", async () => {
  const res = await request(appWith()).get("/api/v1/things/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  await expectValidOpenApi(res.body);
  expect(Object.keys(res.body.paths as object).sort()).toEqual([
    "/api/v1/things",
    "/api/v1/things/openapi.json",
    "/api/v1/things/{id}",
  ]);
});

test("requests are validated with the documented schemas, after authentication", async () => {
  const app = appWith();
  const anonymous = await request(app).post("/api/v1/things").send({});
  expect(anonymous.status).toBe(401);

  const attendee = await request(app)
    .post("/api/v1/things")
    .set("Authorization", "Bearer attendee")
    .send({ title: "x", capacity: 1 });
  expect(attendee.status).toBe(403);

  const invalid = await request(app)
    .post("/api/v1/things")
    .set("Authorization", "Bearer organizer")
    .send({ title: "", capacity: 0 });
  expect(invalid.status).toBe(400);
  expect(invalid.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(invalid.body).toMatchObject({
    code: "validation_failed",
    detail: "The request body is not valid.",
  });
  expect((invalid.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
    "capacity",
    "title",
  ]);

  const created = await request(app)
    .post("/api/v1/things")
    .set("Authorization", "Bearer organizer")
    .send({ title: "Meetup", capacity: 30, extra: "dropped" });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({
    id: expect.any(String) as unknown,
    title: "Meetup",
    capacity: 30,
  });

  const badId = await request(app).get("/api/v1/things/not-a-uuid");
  expect(badId.status).toBe(400);
  expect(badId.body).toMatchObject({
    detail: "The path parameters are not valid.",
    errors: [{ path: "id" }],
  });
  const ok = await request(app).get(
    "/api/v1/things/8a0c6b55-6d2c-4a47-9a36-0e1a3c1e6b0e?expand=tags",
  );
  expect(ok.body).toMatchObject({ expand: "tags" });
});

test("registration refuses specs the document could not state truthfully", () => {
  const api = createServiceApi({ area: "things" });
  const base = { method: "get", summary: "s", responses: { 200: { description: "ok" } } } as const;
  const noop = () => undefined;
  expect(() => api.route({ ...base, path: "/:id", auth: "none" }, noop)).toThrow(
    /request.params must declare exactly \[id\]/,
  );
  expect(() => api.route({ ...base, path: "/*rest", auth: "none" }, noop)).toThrow(/route path/);
  expect(() => api.route({ ...base, path: "/mine", auth: "bearer" }, noop)).toThrow(
    /pass authenticate/,
  );
  expect(() => api.route({ ...base, path: "/openapi.json", auth: "none" }, noop)).toThrow(
    /registered twice/,
  );
});
