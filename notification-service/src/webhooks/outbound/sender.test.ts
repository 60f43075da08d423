import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { createWebhookSender, generateWebhookSecret, type OutboundOptions } from "./index";

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real receiver on 127.0.0.1; `answer` decides the response, `received` logs the requests. */
async function receiver(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ url: req.url ?? "", headers: req.headers, body });
      answer(req, res);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}`, port, received };
}

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

const options: OutboundOptions = {
  allowedCidrs: ["127.0.0.1/32"],
  allowHttp: true,
  timeoutMs: 2_000,
  maxResponseBytes: 64 * 1024,
};
const event = JSON.stringify({ specversion: "1.0", id: "evt-1", type: "turnout.webhook.test.v1" });
const request = (url: string, secrets: string[] = [generateWebhookSecret()]) => ({
  url,
  secrets,
  messageId: "evt-1",
  timestamp: new Date(),
  body: event,
});
const headersOf = (got: Received) => got.headers as Record<string, string>;

test("a delivery is signed per Standard Webhooks and verifies with the library", async () => {
  const target = await receiver((_req, res) => res.writeHead(204).end());
  const secret = generateWebhookSecret();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const result = await createWebhookSender(options).send(request(`${target.url}/in?a=1`, [secret]));
  expect(result).toMatchObject({ ok: true, responseStatus: 204, error: null });
  expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  const [got] = target.received;
  expect(got?.url).toBe("/in?a=1");
  expect(got?.headers).toMatchObject({
    "webhook-id": "evt-1",
    "content-type": "application/json",
    "user-agent": "Turnout-Webhooks/1",
  });
  expect(new Webhook(secret).verify(got!.body, headersOf(got!))).toEqual(JSON.parse(event));
  expect(() => new Webhook(generateWebhookSecret()).verify(got!.body, headersOf(got!))).toThrow();
});

test("during a rotation both secrets sign, and either one verifies", async () => {
  const target = await receiver((_req, res) => res.end("ok"));
  const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
  await createWebhookSender(options).send(request(target.url, [current, previous]));
  const got = target.received[0]!;
  expect(headersOf(got)["webhook-signature"]?.split(" ")).toHaveLength(2);
  expect(new Webhook(current).verify(got.body, headersOf(got))).toBeTruthy();
  expect(new Webhook(previous).verify(got.body, headersOf(got))).toBeTruthy();
});

test("loopback is refused without the allowance, and nothing is sent", async () => {
  const target = await receiver((_req, res) => res.end());
  const sender = createWebhookSender({ ...options, allowedCidrs: [] });
  for (const url of [
    target.url,
    `http://localhost:${target.port}`,
    `http://[::ffff:127.0.0.1]:${target.port}`,
  ]) {
    await expect(sender.send(request(url))).resolves.toMatchObject({
      ok: false,
      responseStatus: null,
      error: "address_not_allowed",
    });
  }
  expect(target.received).toHaveLength(0);
});

test("the connection goes to the address checked, with no second lookup (rebinding)", async () => {
  const target = await receiver((_req, res) => res.end());
  const resolve = jest.fn(() => Promise.resolve([{ address: "127.0.0.1", family: 4 as const }]));
  const sender = createWebhookSender({ ...options, resolve });
  // `.invalid` never resolves in DNS: the request can only arrive through the checked answer.
  const result = await sender.send(request(`http://hooks.invalid:${target.port}/in`));
  expect(result).toMatchObject({ ok: true, responseStatus: 200 });
  expect(resolve).toHaveBeenCalledTimes(1);
  expect(target.received[0]?.headers.host).toBe(`hooks.invalid:${target.port}`);
});

test("a slow receiver times out, a closed port fails to connect", async () => {
  const target = await receiver(() => undefined); // never answers
  const sender = createWebhookSender({ ...options, timeoutMs: 300 });
  const result = await sender.send(request(target.url));
  expect(result).toMatchObject({ ok: false, responseStatus: null, error: "timeout" });
  expect(result.latencyMs).toBeGreaterThanOrEqual(290);
  expect(result.latencyMs).toBeLessThan(1_500);

  const closed = await receiver(() => undefined);
  servers.pop()!.close();
  await expect(sender.send(request(closed.url))).resolves.toMatchObject({
    ok: false,
    error: "connection_failed",
  });
});

test("a redirect is not followed", async () => {
  const elsewhere = await receiver((_req, res) => res.end());
  const target = await receiver((_req, res) =>
    res.writeHead(307, { location: `${elsewhere.url}/in` }).end("moved"),
  );
  await expect(createWebhookSender(options).send(request(target.url))).resolves.toMatchObject({
    ok: false,
    responseStatus: 307,
    error: "redirect",
    responseExcerpt: "moved",
  });
  expect(elsewhere.received).toHaveLength(0);
});

test("a non-2xx fails with its status and the start of its body", async () => {
  const target = await receiver((_req, res) => res.writeHead(500).end("x".repeat(5_000)));
  await expect(createWebhookSender(options).send(request(target.url))).resolves.toEqual({
    ok: false,
    responseStatus: 500,
    error: "http_status",
    latencyMs: expect.any(Number),
    responseExcerpt: "x".repeat(1024),
  });
});

test("an endless response is cut at the cap; a 2xx is still a success", async () => {
  const target = await receiver((_req, res) => {
    res.writeHead(200);
    const chunk = "y".repeat(16 * 1024);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once("drain", pump);
    };
    pump();
  });
  const sender = createWebhookSender({ ...options, timeoutMs: 5_000, maxResponseBytes: 32 * 1024 });
  const result = await sender.send(request(target.url));
  expect(result).toMatchObject({
    ok: true,
    responseStatus: 200,
    error: "response_too_large",
    responseExcerpt: "y".repeat(1024),
  });
  expect(result.latencyMs).toBeLessThan(2_000);
});
