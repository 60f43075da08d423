import { Router } from "express";
import request from "supertest";
import { z } from "zod";
import {
  createTokenMinter,
  expectValidOpenApi,
  generateSigningKey,
  unscopedRoutes,
  type MintOptions,
} from "@turnout/test-kit";
import {
  API_SCOPES,
  authenticate,
  createServiceApi,
  createStaticKeySource,
  createTokenVerifier,
  requireScope,
  scopesAllowedFor,
  SCOPE_ROLES,
  type TokenVerifier,
} from "../src";
import { buildApp, captureLogger } from "./helpers";

const issuer = "turnout-auth";
const audience = "turnout-api";
let verify: TokenVerifier;
let mint: (options?: MintOptions) => Promise<string>;

beforeAll(async () => {
  const key = await generateSigningKey();
  verify = createTokenVerifier({
    keySource: createStaticKeySource({ keys: [key.publicJwk] }),
    issuer,
    audience,
    accept: "user",
  });
  const minter = createTokenMinter(key, { issuer, audience });
  mint = (options) => minter.mint(options);
});

function scopedApp() {
  const { logger } = captureLogger();
  const auth = authenticate(verify, { logger });
  const api = createServiceApi({ area: "things", authenticate: auth });
  const ok = (_input: unknown, _req: unknown, res: { json: (body: unknown) => void }) => {
    res.json({ ok: true });
  };
  api
    .route(
      {
        method: "post",
        path: "/",
        summary: "Create a thing",
        auth: { roles: ["organizer"] },
        scope: "events:write",
        request: { body: z.object({ title: z.string().min(1) }) },
        responses: { 200: { description: "Done." } },
        problems: { 403: "`forbidden`: not the owner." },
      },
      ok,
    )
    .route(
      {
        method: "get",
        path: "/mine",
        summary: "Own things",
        auth: "bearer",
        scope: "events:read",
        responses: { 200: { description: "Done." } },
      },
      ok,
    )
    .route(
      {
        method: "post",
        path: "/password",
        summary: "An account route",
        auth: "bearer",
        responses: { 200: { description: "Done." } },
      },
      ok,
    );
  const raw = Router().get("/stream", auth, requireScope("notifications:read"), (_req, res) => {
    res.json({ ok: true });
  });
  return {
    api,
    app: buildApp((app) => app.use(api.basePath, api.router).use("/raw", raw)).app,
  };
}

const bearer = async (options: MintOptions) => `Bearer ${await mint(options)}`;

test("the scope claim becomes the principal's scopes; unknown ones are dropped; none means a session", async () => {
  const scoped = await verify(
    await mint({ scope: "events:read  admin:all events:read checkin:write" }),
  );
  expect(scoped.scopes).toEqual(["events:read", "checkin:write"]);
  expect((await verify(await mint({ scope: "" }))).scopes).toEqual([]);
  expect((await verify(await mint({}))).scopes).toBeUndefined();
});

test("the role ceiling: webhooks and events:write need an organizer or admin", () => {
  expect(API_SCOPES).toHaveLength(11);
  expect(scopesAllowedFor(["attendee"])).not.toEqual(expect.arrayContaining(["events:write"]));
  expect(scopesAllowedFor(["attendee"])).toHaveLength(8);
  expect(scopesAllowedFor(["organizer"])).toEqual([...API_SCOPES]);
  expect(scopesAllowedFor(["attendee", "admin"])).toEqual([...API_SCOPES]);
  expect(SCOPE_ROLES["webhooks:write"]).toEqual(["organizer", "admin"]);
});

test("an API token opens a route only with its scope, checked before roles and validation", async () => {
  const { app } = scopedApp();
  const without = await request(app)
    .post("/api/v1/things")
    .set("Authorization", await bearer({ roles: ["organizer"], scope: "events:read" }))
    .send({ title: "" });
  expect(without.status).toBe(403);
  expect(without.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(without.body).toMatchObject({ code: "insufficient_scope" });
  expect(without.headers["www-authenticate"]).toBe(
    'Bearer error="insufficient_scope", scope="events:write"',
  );
  // An attendee's token without the scope learns nothing about the role check either.
  const attendee = await request(app)
    .post("/api/v1/things")
    .set("Authorization", await bearer({ roles: ["attendee"], scope: "events:read" }))
    .send({ title: "x" });
  expect(attendee.body).toMatchObject({ code: "insufficient_scope" });

  const withScope = await request(app)
    .post("/api/v1/things")
    .set("Authorization", await bearer({ roles: ["organizer"], scope: "events:write" }))
    .send({ title: "x" });
  expect(withScope.status).toBe(200);
  // The scope never lifts the role check.
  const noRole = await request(app)
    .post("/api/v1/things")
    .set("Authorization", await bearer({ roles: ["attendee"], scope: "events:write" }))
    .send({ title: "x" });
  expect(noRole.body).toMatchObject({ code: "forbidden" });

  const read = await request(app)
    .get("/api/v1/things/mine")
    .set("Authorization", await bearer({ scope: "events:read" }));
  expect(read.status).toBe(200);
});

test("a route without a scope refuses every API token; session tokens are unaffected", async () => {
  const { app } = scopedApp();
  const scoped = await request(app)
    .post("/api/v1/things/password")
    .set("Authorization", await bearer({ scope: API_SCOPES.join(" ") }));
  expect(scoped.status).toBe(403);
  expect(scoped.body).toMatchObject({ code: "insufficient_scope" });
  expect(scoped.headers["www-authenticate"]).toBe('Bearer error="insufficient_scope"');

  const session = await bearer({ roles: ["organizer"] });
  expect(
    (await request(app).post("/api/v1/things/password").set("Authorization", session)).status,
  ).toBe(200);
  expect((await request(app).get("/api/v1/things/mine").set("Authorization", session)).status).toBe(
    200,
  );
  const created = await request(app)
    .post("/api/v1/things")
    .set("Authorization", session)
    .send({ title: "x" });
  expect(created.status).toBe(200);
});

test("requireScope guards routes on a plain router the same way", async () => {
  const { app } = scopedApp();
  const get = async (options: MintOptions) =>
    request(app)
      .get("/raw/stream")
      .set("Authorization", await bearer(options));
  expect((await get({ scope: "notifications:read" })).status).toBe(200);
  expect((await get({})).status).toBe(200);
  const refused = await get({ scope: "notifications:write" });
  expect(refused.status).toBe(403);
  expect(refused.headers["www-authenticate"]).toBe(
    'Bearer error="insufficient_scope", scope="notifications:read"',
  );
});

test("the document states each route's scope, and lists the routes that name none", async () => {
  const doc = scopedApp().api.document();
  await expectValidOpenApi(doc);
  const create = doc.paths?.["/api/v1/things"]?.post;
  expect(create?.security).toEqual([{ bearer: ["events:write"] }]);
  expect(create?.responses?.["403"]).toMatchObject({
    description: expect.stringMatching(
      /not the owner\. An API token without the scope `events:write` \(`insufficient_scope`\)/,
    ) as unknown,
  });
  const account = doc.paths?.["/api/v1/things/password"]?.post;
  expect(account?.security).toEqual([{ bearer: [] }]);
  expect(account?.responses?.["403"]).toMatchObject({
    description: expect.stringContaining("API tokens are refused") as unknown,
  });
  expect(doc.paths?.["/api/v1/things/openapi.json"]?.get?.responses?.["403"]).toBeUndefined();
  expect(unscopedRoutes(doc as Parameters<typeof unscopedRoutes>[0])).toEqual([
    "POST /api/v1/things/password",
  ]);
});
