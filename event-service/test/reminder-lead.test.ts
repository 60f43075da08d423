import { randomUUID } from "node:crypto";
import request from "supertest";
import { eventUpdatedV1, TOPICS } from "@turnout/contracts";
import { readTopics, waitFor, type TopicReader } from "@turnout/test-kit";
import { bearer, patchEvent } from "./helpers/api";
import { createEvent, eventInput, organizer, type EventBody } from "./helpers/factories";
import { ledgerClient } from "./helpers/ledger";
import { startEventOutboxRelay } from "./helpers/outbox-relay";
import { createTestApp } from "./helpers/test-app";

const { app, close } = createTestApp();
const patch = patchEvent(app);
let relay: { stop: () => Promise<void> };
let reader: TopicReader;

beforeAll(async () => {
  reader = await readTopics([TOPICS.eventUpdated]);
  relay = await startEventOutboxRelay();
});
afterAll(async () => {
  await relay.stop();
  await reader.stop();
  await close();
});

const updatesOf = (eventId: string) =>
  reader.messages
    .filter((m) => m.topic === TOPICS.eventUpdated && m.key?.toString() === eventId)
    .map((m) => eventUpdatedV1.envelope.parse(JSON.parse(m.value!.toString())).data);

test("reminder_lead_minutes defaults to 24 h, is set, changed and read everywhere", async () => {
  const owner = await organizer();
  const plain = await createEvent(app, owner);
  expect(plain.reminder_lead_minutes).toBe(1440);
  const none = await createEvent(app, owner, { reminder_lead_minutes: 0 });
  expect(none.reminder_lead_minutes).toBe(0);

  const event = await createEvent(app, owner, { reminder_lead_minutes: 15 });
  expect(event.reminder_lead_minutes).toBe(15);
  const changed = await patch(event.id, owner.token, { reminder_lead_minutes: 20160 });
  expect(changed.status).toBe(200);
  expect((changed.body as EventBody).reminder_lead_minutes).toBe(20160);
  // Another field's patch keeps it.
  await patch(event.id, owner.token, { capacity: 51 });
  const read = await request(app).get(`/api/v1/events/${event.id}`);
  expect(read.body).toMatchObject({ reminder_lead_minutes: 20160, capacity: 51 });

  // The registration service's read and the ledger's reply carry it too.
  const ledger = await ledgerClient(app);
  expect((await ledger.read(event.id)).body).toMatchObject({ reminder_lead_minutes: 20160 });
  const held = await ledger.reserve(event.id, randomUUID());
  expect(held.status).toBe(201);
  expect(held.body).toMatchObject({ event: { reminder_lead_minutes: 20160 } });

  await waitFor(() => updatesOf(event.id).length >= 2, {
    timeoutMs: 20_000,
    message: `two event-updated messages for ${event.id}`,
  });
  expect(updatesOf(event.id)).toEqual([
    expect.objectContaining({ reminder_lead_minutes: 20160, changed: ["reminder_lead_minutes"] }),
    expect.objectContaining({ reminder_lead_minutes: 20160, capacity: 51 }),
  ]);
});

test("a lead time other than 0 or 15..20160 minutes is 400 validation_failed", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner);
  for (const value of [1, 14, 20161, -15, 30.5, "60", null]) {
    const created = await request(app)
      .post("/api/v1/events")
      .set(bearer(owner.token))
      .send(eventInput({ reminder_lead_minutes: value }));
    expect([value, created.status]).toEqual([value, 400]);
    expect(created.body).toMatchObject({
      code: "validation_failed",
      errors: [expect.objectContaining({ path: "reminder_lead_minutes" })],
    });
    const patched = await patch(event.id, owner.token, { reminder_lead_minutes: value });
    expect([value, patched.status]).toEqual([value, 400]);
  }
  const read = await request(app).get(`/api/v1/events/${event.id}`);
  expect(read.body).toMatchObject({ reminder_lead_minutes: 1440 });
});
