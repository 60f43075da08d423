// Webhooks end to end: messages on the real broker, the webhook consumer and dispatcher, a real
// HTTP receiver on 127.0.0.1, signatures checked with the `standardwebhooks` package. The
// dispatcher runs in this file only (it would take other files' deliveries).
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { TOPICS, type AnyCloudEvent } from "@turnout/contracts";
import { stackTokenMinter, waitFor, type TokenMinter } from "@turnout/test-kit";
import { disconnectPublisher, publish } from "./helpers/events";
import { startTestService, type TestService } from "./helpers/test-service";
import {
  eventUpdates,
  interleave,
  ownedSnapshot,
  registrationLife,
  webhookClient,
} from "./helpers/webhook-fixtures";
import { startReceiver, type Receiver } from "./helpers/webhook-receiver";

let t: TestService;
let minter: TokenMinter;
const receivers: Receiver[] = [];
const RETRIES = [200, 400, 800, 1600];

beforeAll(async () => {
  t = await startTestService({ webhooks: true, webhookSettings: { retrySchedule: RETRIES } });
  minter = await stackTokenMinter();
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await disconnectPublisher();
  await t.close();
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function endpointFor(organizer: Awaited<ReturnType<typeof webhookClient>>, url: string) {
  const res = await organizer.post("/endpoints", { url, event_types: ["*"] });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

/** Every delivery of the endpoint, oldest first. */
const deliveriesOf = (endpointId: string) =>
  t.db.webhookDelivery.findMany({ where: { endpointId }, orderBy: { seq: "asc" } });

const allSucceeded = (endpointId: string, count: number) =>
  waitFor(
    async () => {
      const rows = await deliveriesOf(endpointId);
      return rows.length === count && rows.every((row) => row.status === "succeeded");
    },
    { timeoutMs: 15_000, intervalMs: 100, message: `${count} deliveries succeeded` },
  );

const firstSuccess = (r: Receiver, id: string) =>
  r.received.find((entry) => entry.id === id && entry.status < 300);

test("a delivery is the envelope unchanged, signed so that standardwebhooks verifies it; only the event's organizer gets it; both secrets verify during a rotation", async () => {
  const organizer = await webhookClient(t, minter);
  const other = await webhookClient(t, minter);
  const mine = await receiver();
  const theirs = await receiver();
  const endpoint = await endpointFor(organizer, mine.url);
  const foreign = await endpointFor(other, theirs.url);

  const [waitlisted] = registrationLife(ownedSnapshot(organizer.userId));
  await publish(TOPICS.registrationWaitlisted, waitlisted!);
  await allSucceeded(endpoint.id, 1);

  const got = mine.received[0]!;
  expect(got.id).toBe(waitlisted!.id);
  expect(got.body).toBe(JSON.stringify(waitlisted));
  expect(new Webhook(endpoint.secret).verify(got.body, mine.headersOf(got))).toEqual(
    JSON.parse(JSON.stringify(waitlisted)),
  );
  expect(() => new Webhook(foreign.secret).verify(got.body, mine.headersOf(got))).toThrow();
  expect(await deliveriesOf(foreign.id)).toEqual([]);
  expect(theirs.received).toEqual([]);

  const rotated = await organizer.post(`/endpoints/${endpoint.id}/secret/rotate`, {
    grace_seconds: 3600,
  });
  expect(rotated.status).toBe(200);
  const { secret } = rotated.body as { secret: string };
  expect(secret).not.toBe(endpoint.secret);
  expect((await organizer.post(`/endpoints/${endpoint.id}/test`)).status).toBe(202);
  await allSucceeded(endpoint.id, 2);
  const test = mine.received[1]!;
  expect(test.signature.split(" ")).toHaveLength(2);
  for (const key of [secret, endpoint.secret]) {
    expect(new Webhook(key).verify(test.body, mine.headersOf(test))).toMatchObject({
      type: "turnout.webhook.test.v1",
      data: { endpoint_id: endpoint.id },
    });
  }
});

test("per aggregate, each delivery waits until the one before succeeded, even when it needs a retry; other aggregates go meanwhile", async () => {
  const organizer = await webhookClient(t, minter);
  const r = await receiver((entry, count) =>
    entry.id === firstId && count === 0 ? { status: 503 } : { status: 200, delayMs: 50 },
  );
  const endpoint = await endpointFor(organizer, r.url);
  const snapshot = ownedSnapshot(organizer.userId);
  const updates = eventUpdates(snapshot, 4);
  const elsewhere = eventUpdates(ownedSnapshot(organizer.userId), 2);
  const firstId = updates[0]!.id;

  // One send: the order the events reach the topic (each event its own partition key).
  await publish(TOPICS.eventUpdated, ...interleave(updates, elsewhere));
  await allSucceeded(endpoint.id, 6);

  const arrivals = (events: AnyCloudEvent[]) =>
    events.map((e) => r.received.find((entry) => entry.id === e.id)!.arrivedAt);
  for (let i = 1; i < updates.length; i++) {
    // Arrived only after the previous one was answered with a 2xx.
    expect(arrivals(updates)[i]!).toBeGreaterThanOrEqual(
      firstSuccess(r, updates[i - 1]!.id)!.answeredAt,
    );
  }
  expect(r.received.filter((entry) => entry.id === firstId).map((e) => e.status)).toEqual([
    503, 200,
  ]);
  // The other event's updates did not wait for the first event's retry.
  expect(firstSuccess(r, elsewhere[0]!.id)!.answeredAt).toBeLessThan(
    firstSuccess(r, firstId)!.answeredAt,
  );
});

test("a receiver that was down (closed port, then 503) gets every event afterwards, each once beyond its retries, and the log shows the attempts", async () => {
  const organizer = await webhookClient(t, minter);
  const closed = await receiver();
  await closed.close(); // nothing listens on this port any more
  const endpoint = await endpointFor(organizer, closed.url);
  const lives = [1, 2, 3].map(() => registrationLife(ownedSnapshot(organizer.userId)));
  const events = lives.map((life) => life[0]!);
  await publish(TOPICS.registrationWaitlisted, ...events);
  const tried = async () => {
    const rows = await deliveriesOf(endpoint.id);
    return rows.length === events.length && rows.every((d) => d.attempts >= 1);
  };
  await waitFor(tried, {
    timeoutMs: 10_000,
    intervalMs: 100,
    message: "first attempts failed",
  });

  let down = true;
  const back = await receiver(() => (down ? { status: 503 } : { status: 204 }));
  const moved = await organizer.patch(`/endpoints/${endpoint.id}`, { url: back.url });
  expect(moved.status).toBe(200);
  await waitFor(() => back.received.length >= 1, { timeoutMs: 5_000, intervalMs: 50 });
  down = false;
  await allSucceeded(endpoint.id, events.length);

  const log = await organizer.get(`/endpoints/${endpoint.id}/deliveries?limit=10`);
  expect(log.status).toBe(200);
  const items = (log.body as { items: { id: string; event_id: string; attempts: number }[] }).items;
  expect(items.map((d) => d.event_id).sort()).toEqual(events.map((e) => e.id).sort());
  for (const item of items) {
    // Exactly one success per event; every other request to the receiver was a logged retry.
    const sent = back.received.filter((entry) => entry.id === item.event_id);
    expect(sent.filter((entry) => entry.status === 204)).toHaveLength(1);
    const detail = await organizer.get(`/endpoints/${endpoint.id}/deliveries/${item.id}`);
    const attemptLog = (
      detail.body as { attempt_log: { error: string | null; response_status: number | null }[] }
    ).attempt_log;
    expect(attemptLog).toHaveLength(item.attempts);
    expect(attemptLog[0]).toMatchObject({ error: "connection_failed", response_status: null });
    expect(attemptLog.at(-1)).toMatchObject({ error: null, response_status: 204 });
    expect(attemptLog.filter((a) => a.response_status === 503)).toHaveLength(sent.length - 1);
  }
});

test("replay sends every event of a time range again, in the original order, with the same webhook-id", async () => {
  const organizer = await webhookClient(t, minter);
  const r = await receiver();
  const endpoint = await endpointFor(organizer, r.url);
  const events = eventUpdates(ownedSnapshot(organizer.userId), 3);
  await publish(TOPICS.eventUpdated, events[0]!);
  await allSucceeded(endpoint.id, 1);
  const since = new Date().toISOString();
  await publish(TOPICS.eventUpdated, events[1]!, events[2]!);
  await allSucceeded(endpoint.id, 3);

  const replay = await organizer.post(`/endpoints/${endpoint.id}/replay`, { since });
  expect(replay.status).toBe(202);
  expect(replay.body).toEqual({ queued: 2 });
  await allSucceeded(endpoint.id, 5);
  expect(r.received.map((entry) => entry.id)).toEqual([
    events[0]!.id,
    events[1]!.id,
    events[2]!.id,
    events[1]!.id,
    events[2]!.id,
  ]);
  const tooOld = new Date(Date.now() - 31 * 86_400_000).toISOString();
  const refused = await organizer.post(`/endpoints/${endpoint.id}/replay`, { since: tooOld });
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({ code: "replay_out_of_range" });
});

test("an endpoint that keeps failing is disabled, its waiting deliveries fail and its owner gets an inbox notice and a mail", async () => {
  const organizer = await webhookClient(t, minter);
  await t.db.recipient.create({
    data: { userId: organizer.userId, email: `owner-${randomUUID()}@example.test` },
  });
  const r = await receiver(() => ({ status: 500 }));
  const endpoint = await endpointFor(organizer, r.url);
  const { settings } = t.webhooks.api; // the dispatcher reads the same object
  const saved = { ...settings };
  Object.assign(settings, { retrySchedule: [], disableAfterMs: 1 });
  try {
    await publish(TOPICS.eventUpdated, ...eventUpdates(ownedSnapshot(organizer.userId), 2));
    await waitFor(
      async () => (await organizer.get(`/endpoints/${endpoint.id}`)).body.status === "disabled",
      { timeoutMs: 10_000, intervalMs: 100, message: "endpoint disabled" },
    );
  } finally {
    Object.assign(settings, saved);
  }
  const shown = await organizer.get(`/endpoints/${endpoint.id}`);
  expect(shown.body).toMatchObject({ disabled_reason: "failing" });
  const rows = await deliveriesOf(endpoint.id);
  expect(rows.map((row) => [row.status, row.attempts])).toEqual([
    ["failed", 1],
    ["failed", 0], // waited behind the first, given up with the endpoint
  ]);
  expect(r.received).toHaveLength(1);
  const notices = await t.db.notification.findMany({ where: { userId: organizer.userId } });
  expect(notices.map((n) => n.type)).toEqual(["webhook_disabled"]);
  const mails = await t.db.outboundMail.findMany({ where: { userId: organizer.userId } });
  expect(mails.map((m) => m.kind)).toEqual(["webhook_disabled"]);

  const test = await organizer.post(`/endpoints/${endpoint.id}/test`);
  expect(test.status).toBe(409);
  const enabled = await organizer.patch(`/endpoints/${endpoint.id}`, { enabled: true });
  expect(enabled.body).toMatchObject({
    status: "active",
    disabled_reason: null,
    failing_since: null,
  });
});
