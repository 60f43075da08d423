import { randomUUID } from "node:crypto";
import { stackTokenMinter, waitFor, type TokenMinter } from "@turnout/test-kit";
import { openStream, type SseClient } from "./helpers/sse-client";
import { startTestService, type TestService } from "./helpers/test-service";

let t: TestService;
let minter: TokenMinter;
const streams: SseClient[] = [];

beforeAll(async () => {
  t = await startTestService({ heartbeatMs: 200 });
  minter = await stackTokenMinter();
});
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});
afterAll(() => t.close());

const streamUrl = (query = "") => `${t.url}/api/v1/notifications/stream${query}`;

async function connect(userId: string, headers: Record<string, string> = {}, query = "") {
  const token = await minter.mint({ sub: userId });
  const stream = await openStream(streamUrl(query), {
    authorization: `Bearer ${token}`,
    ...headers,
  });
  streams.push(stream);
  return stream;
}

async function notify(userId: string, title = "Hello"): Promise<string> {
  const sourceEventId = randomUUID();
  await t.data.repos.notifications.insert({
    userId,
    type: "registration_confirmed",
    title,
    body: "Body",
    data: {},
    sourceEventId,
  });
  const row = await t.db.notification.findFirstOrThrow({ where: { sourceEventId } });
  return row.id;
}

const titles = (stream: SseClient) =>
  stream.events.map((e) => (JSON.parse(e.data) as { title: string }).title);

test("another user's notification never appears on my stream", async () => {
  const [me, other] = [randomUUID(), randomUUID()];
  const mine = await connect(me);
  const theirs = await connect(other);
  await notify(other, "For them");
  await theirs.next((e) => e.event === "notification");
  await notify(me, "For me");
  await mine.next((e) => e.event === "notification");
  expect(titles(mine)).toEqual(["For me"]);
  expect(titles(theirs)).toEqual(["For them"]);
});

test("Last-Event-ID replays what came after that notification, then goes live", async () => {
  const user = randomUUID();
  const first = await notify(user, "One");
  await notify(user, "Two");
  await notify(user, "Three");
  await notify(randomUUID(), "Not mine");

  const resumed = await connect(user, { "last-event-id": first });
  await waitFor(() => resumed.events.length === 2);
  await notify(user, "Four");
  await waitFor(() => resumed.events.length === 3);
  expect(titles(resumed)).toEqual(["Two", "Three", "Four"]);
  expect(resumed.events.every((e) => e.event === "notification" && e.id)).toBe(true);

  // The same with the query parameter (a fresh EventSource has no Last-Event-ID to send).
  const viaQuery = await connect(user, {}, `?last_event_id=${first}`);
  await waitFor(() => viaQuery.events.length === 3);
  expect(titles(viaQuery)).toEqual(["Two", "Three", "Four"]);

  // Someone else's id replays nothing.
  const foreign = await connect(randomUUID(), { "last-event-id": first });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(foreign.events).toEqual([]);
});

test("a malformed Last-Event-ID or no token is a problem, not a stream", async () => {
  const bad = await connect(randomUUID(), { "last-event-id": "nope" });
  expect(bad.status).toBe(400);
  expect(JSON.parse(bad.text ?? "{}")).toMatchObject({ code: "validation_failed" });
  const anonymous = await openStream(streamUrl());
  expect(anonymous.status).toBe(401);
});

test("a token in the URL is refused, even beside a valid header, and never reaches a log line", async () => {
  const user = randomUUID();
  const token = await minter.mint({ sub: user });
  const alone = await openStream(streamUrl(`?access_token=${token}`));
  expect(alone.status).toBe(400);
  expect(JSON.parse(alone.text ?? "{}")).toMatchObject({ code: "token_in_url" });
  const beside = await openStream(streamUrl(`?access_token=${token}`), {
    authorization: `Bearer ${token}`,
  });
  expect(beside.status).toBe(400);
  expect(t.live.hub.openStreams()).toBe(0);

  const forged = `${token.slice(0, -4)}AAAA`;
  const refused = await openStream(streamUrl(), { authorization: `Bearer ${forged}` });
  expect(refused.status).toBe(401);
  const logs = t.logs.join("");
  expect(logs).toContain("access token rejected");
  expect(logs).not.toContain(token);
  expect(logs).not.toContain(forged);
  expect(logs).not.toContain("access_token=");
});

test("one user holds at most five streams; a closed one frees its place", async () => {
  const user = randomUUID();
  const open = await Promise.all([1, 2, 3, 4, 5].map(() => connect(user)));
  expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
  const sixth = await connect(user);
  expect(sixth.status).toBe(429);
  expect(sixth.headers.get("retry-after")).toBe("30");
  expect(JSON.parse(sixth.text ?? "{}")).toMatchObject({ code: "too_many_streams" });
  // Someone else is not affected.
  expect((await connect(randomUUID())).status).toBe(200);
  open[0]?.close();
  await waitFor(async () => (await connect(user)).status === 200, { timeoutMs: 5_000 });
});

test("heartbeats keep the stream alive, and it ends once the token has expired", async () => {
  const user = randomUUID();
  const token = await minter.mint({ sub: user, expiresInSeconds: 1 });
  const stream = await openStream(streamUrl(), { authorization: `Bearer ${token}` });
  streams.push(stream);
  await waitFor(() => stream.comments.filter((c) => c === "heartbeat").length >= 2, {
    timeoutMs: 2000,
  });
  // The verifier allows 5 s of clock skew, so the stream ends about 6 s after minting.
  await waitFor(() => t.live.hub.openStreams() === 0, { timeoutMs: 10_000 });
  expect(t.logs.join("")).toContain("notification stream ended");
}, 20_000);

test("closing the client unsubscribes its stream", async () => {
  const stream = await connect(randomUUID());
  await waitFor(() => t.live.hub.openStreams() >= 1);
  const before = t.live.hub.openStreams();
  stream.close();
  await waitFor(() => t.live.hub.openStreams() === before - 1);
});
