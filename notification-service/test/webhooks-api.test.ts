// The webhook endpoints API: who may register what, owner isolation, the outbound address guard
// at registration, secrets shown once. No dispatcher runs here (webhooks-delivery.test.ts).
import { randomUUID } from "node:crypto";
import request from "supertest";
import { stackTokenMinter, unscopedRoutes, type TokenMinter } from "@turnout/test-kit";
import { notificationPurgeJobs } from "../src/domain/purge-jobs";
import { startTestService, type TestService } from "./helpers/test-service";
import { WEBHOOKS, webhookClient } from "./helpers/webhook-fixtures";

let t: TestService;
let minter: TokenMinter;
const owners: string[] = [];
// An address literal on the public internet: accepted without a DNS lookup; nothing is sent.
const PUBLIC_URL = "https://93.184.215.14/hook";

beforeAll(async () => {
  // The production defaults: no extra ranges, https only.
  t = await startTestService({
    webhookSettings: { allowedCidrs: [], allowHttp: false, maxEndpointsPerOwner: 3 },
  });
  minter = await stackTokenMinter();
});
afterAll(async () => {
  await t.db.webhookEndpoint.deleteMany({ where: { ownerId: { in: owners } } });
  await t.close();
});

async function client(roles: string[] = ["organizer"], scope?: string) {
  const c = await webhookClient(t, minter, roles, scope);
  owners.push(c.userId);
  return c;
}

test.each([
  ["a private address", "https://10.0.0.1/hook"],
  ["cloud metadata (link-local)", "https://169.254.169.254/latest/meta-data"],
  ["a name that resolves to loopback", "https://localhost/hook"],
  ["an IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/hook"],
  ["plain http where it is not allowed", "http://93.184.215.14/hook"],
  ["credentials in the URL", "https://user:secret@93.184.215.14/hook"],
])("%s is refused with 422 url_not_allowed, at creation and on change", async (_name, url) => {
  const organizer = await client();
  const created = await organizer.post("/endpoints", { url, event_types: ["*"] });
  expect(created.status).toBe(422);
  expect(created.body).toMatchObject({ code: "url_not_allowed" });

  const ok = await organizer.post("/endpoints", { url: PUBLIC_URL, event_types: ["*"] });
  expect(ok.status).toBe(201);
  const changed = await organizer.patch(`/endpoints/${(ok.body as { id: string }).id}`, { url });
  expect(changed.status).toBe(422);
  expect(changed.body).toMatchObject({ code: "url_not_allowed" });
});

test("an endpoint is its owner's alone; the secret is shown once and stored sealed", async () => {
  const owner = await client();
  const stranger = await client(["organizer", "admin"]);
  const created = await owner.post("/endpoints", {
    url: PUBLIC_URL,
    event_types: ["turnout.registration.confirmed.v1"],
    description: "CRM",
  });
  expect(created.status).toBe(201);
  const { id, secret } = created.body as { id: string; secret: string };
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

  const shown = await owner.get(`/endpoints/${id}`);
  expect(shown.status).toBe(200);
  expect(shown.body).toMatchObject({ id, status: "active", description: "CRM", event_id: null });
  expect(JSON.stringify(shown.body)).not.toContain("whsec_");
  const row = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
  expect(row.secretCiphertext).not.toContain(secret.slice(6));
  expect(t.webhooks.api.secrets.open(row.secretCiphertext, id)).toBe(secret);
  expect(() => t.webhooks.api.secrets.open(row.secretCiphertext, randomUUID())).toThrow();

  for (const res of [
    await stranger.get(`/endpoints/${id}`),
    await stranger.patch(`/endpoints/${id}`, { description: "mine now" }),
    await stranger.get(`/endpoints/${id}/deliveries`),
    await stranger.post(`/endpoints/${id}/test`),
    await stranger.post(`/endpoints/${id}/secret/rotate`),
    await stranger.delete(`/endpoints/${id}`),
  ]) {
    expect([res.status, (res.body as { code?: string }).code]).toEqual([404, "not_found"]);
  }
  expect(((await stranger.get("/endpoints")).body as { items: unknown[] }).items).toEqual([]);
  expect(((await owner.get("/endpoints")).body as { items: { id: string }[] }).items).toEqual([
    expect.objectContaining({ id }),
  ]);
  const attendee = await client(["attendee"]);
  expect((await attendee.get("/endpoints")).status).toBe(403);
  expect((await owner.delete(`/endpoints/${id}`)).status).toBe(204);
  expect((await owner.get(`/endpoints/${id}`)).status).toBe(404);
});

test("what an organizer may register: their events' types and events, up to the limit", async () => {
  const organizer = await client();
  const admin = await client(["admin"]);
  const userTypes = { url: PUBLIC_URL, event_types: ["turnout.user.deleted.v1"] };
  const refused = await organizer.post("/endpoints", userTypes);
  expect([refused.status, refused.body.code]).toEqual([422, "event_type_not_allowed"]);
  expect((await admin.post("/endpoints", userTypes)).status).toBe(201);
  const unknownType = await admin.post("/endpoints", { url: PUBLIC_URL, event_types: ["nope"] });
  expect(unknownType.status).toBe(422);

  const theirs = randomUUID();
  await t.data.repos.webhookEndpoints.recordOwner(theirs, randomUUID());
  const foreign = await organizer.post("/endpoints", {
    url: PUBLIC_URL,
    event_types: ["*"],
    event_id: theirs,
  });
  expect([foreign.status, foreign.body.code]).toEqual([403, "forbidden"]);
  // An event Turnout has not heard of yet (just created) is accepted.
  const fresh = { url: PUBLIC_URL, event_types: ["*"], event_id: randomUUID() };
  expect((await organizer.post("/endpoints", fresh)).status).toBe(201);
  expect((await organizer.post("/endpoints", fresh)).status).toBe(201);
  expect((await organizer.post("/endpoints", fresh)).status).toBe(201);
  const fourth = await organizer.post("/endpoints", fresh);
  expect([fourth.status, fourth.body.code]).toEqual([409, "too_many_endpoints"]);
});

test("API tokens need webhooks:read to look and webhooks:write to change; every route names its scope", async () => {
  const reader = await client(["organizer"], "webhooks:read");
  expect((await reader.get("/endpoints")).status).toBe(200);
  const write = await reader.post("/endpoints", { url: PUBLIC_URL, event_types: ["*"] });
  expect([write.status, write.body.code]).toEqual([403, "insufficient_scope"]);
  const doc = await request(t.app).get(`${WEBHOOKS}/openapi.json`);
  expect(doc.status).toBe(200);
  expect(unscopedRoutes(doc.body as Parameters<typeof unscopedRoutes>[0])).toEqual([]);
});

test("the purge deletes deliveries settled longer ago than the retention, never pending ones", async () => {
  const owner = await client();
  const created = await owner.post("/endpoints", { url: PUBLIC_URL, event_types: ["*"] });
  const endpointId = (created.body as { id: string }).id;
  const old = new Date(Date.now() - 31 * 86_400_000);
  const row = (status: string, settledAt: Date | null) => ({
    id: randomUUID(),
    endpointId,
    eventId: randomUUID(),
    eventType: "turnout.event.updated.v1",
    aggregateKey: randomUUID(),
    origin: "stream",
    payload: "{}",
    status,
    createdAt: old,
    settledAt,
  });
  const [gone, kept, pending] = [
    row("succeeded", old),
    row("failed", new Date()),
    row("pending", null),
  ];
  await t.db.webhookDelivery.createMany({ data: [gone, kept, pending] });
  const job = notificationPurgeJobs({
    data: t.data,
    retention: { mailSeconds: 1, processedEventsSeconds: 1, webhookDeliverySeconds: 30 * 86_400 },
  }).find((j) => j.name === "webhook_deliveries")!;
  await job.purgeBatch(1000);
  const left = await t.db.webhookDelivery.findMany({ where: { endpointId } });
  expect(left.map((d) => d.id).sort()).toEqual([kept.id, pending.id].sort());
});
