import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { bookSeats, checkInApi, ticketFor } from "../helpers/check-in-api";
import { createEvent, newUser, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";
import { createTestApp, type TestApp } from "../helpers/test-app";

/** An open SSE response: the text read so far, and how to stop reading. */
interface OpenStream {
  status: number;
  text: () => string;
  close: () => void;
}

async function openStream(url: string, user: User): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${user.token}` },
    signal: controller.signal,
  });
  let text = "";
  if (res.status === 200 && res.body) {
    const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      for (;;) {
        const chunk = await reader.read().catch(() => undefined);
        if (!chunk || chunk.done) return;
        text += decoder.decode(chunk.value, { stream: true });
      }
    })();
  }
  return {
    status: res.status,
    text: () => text,
    close: () => {
      controller.abort();
    },
  };
}

/** Two app instances over one database, each with its own LISTEN connection. */
export function checkInStreamTests(ctx: SuiteContext): void {
  describe("the live check-in stream", () => {
    const replicas: { testApp: TestApp; server: Server; url: string }[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 2; i += 1) {
        const testApp = createTestApp({
          peers: ctx.platform.services.urls,
          live: { heartbeatMs: 60_000 },
          poolMax: 3,
        });
        await testApp.liveFeed?.start();
        const server = testApp.app.listen(0, "127.0.0.1");
        await new Promise((resolve) => server.once("listening", resolve));
        const { port } = server.address() as AddressInfo;
        replicas.push({ testApp, server, url: `http://127.0.0.1:${port}` });
      }
    });
    afterAll(async () => {
      for (const { testApp, server } of replicas) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await testApp.close();
      }
    });

    test("a scan through one replica shows on the other's stream within 2 s; streams are capped per user", async () => {
      const [a, b] = replicas;
      const { event, organizer } = await createEvent(ctx.platform, { capacity: 5 });
      const attendee = await newUser(ctx.platform);
      const booking = await bookSeats(ctx, attendee, event.id, ["Ada"]);
      const code = await ticketFor(ctx, booking, booking.seats[0]!, event.id);
      const path = `/api/v1/registrations/events/${event.id}/check-ins/stream`;

      const stranger = await newUser(ctx.platform);
      expect((await openStream(`${b!.url}${path}`, stranger)).status).toBe(403);
      const stream = await openStream(`${b!.url}${path}`, organizer);
      expect(stream.status).toBe(200);
      try {
        const started = Date.now();
        const scan = await checkInApi(() => a!.testApp.app).scan(organizer, {
          ticket_code: code,
          gate: "North door",
        });
        expect(scan.status).toBe(200);
        while (!stream.text().includes("event: check-in") && Date.now() - started < 2_000) {
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        const line = stream
          .text()
          .split("\n")
          .find((l) => l.startsWith("data: {"));
        expect(line).toBeDefined();
        expect(JSON.parse(line!.slice("data: ".length))).toEqual({
          seat_id: booking.seats[0]!.id,
          registration_id: booking.id,
          holder_name: "Ada",
          ticket_type_id: booking.ticket_type_id,
          ticket_type_name: "General admission",
          gate: "North door",
          checked_in_at: (scan.body as { checked_in_at: string }).checked_in_at,
        });
        expect(Date.now() - started).toBeLessThan(2_000);

        // The test replicas allow 3 streams per user: the fourth is refused.
        const more = [
          await openStream(`${b!.url}${path}`, organizer),
          await openStream(`${b!.url}${path}`, organizer),
        ];
        const refused = await openStream(`${b!.url}${path}`, organizer);
        expect(refused.status).toBe(429);
        for (const s of more) s.close();
      } finally {
        stream.close();
      }
    });
  });
}
