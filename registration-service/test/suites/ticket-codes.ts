import request from "supertest";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { peopleRepository } from "../../src/data/people";
import { createBookingEvent, type BookingEvent } from "../helpers/bookings";
import { newUser, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

// docs/tickets.md, "Ticket codes": every active seat of a confirmed booking carries a compact
// JWS that any JOSE library verifies against the public set at /.well-known/ticket-keys.json;
// a waitlisted booking's seats carry none. Over the real event service and Vault.
export function ticketCodeTests(ctx: SuiteContext): void {
  describe("ticket codes", () => {
    let event: BookingEvent;
    let ada: User;
    let bob: User;

    interface Seat {
      id: string;
      attendee_name: string | null;
      status: string;
      ticket_code: string | null;
    }
    interface Booking {
      id: string;
      status: string;
      seats: Seat[];
    }

    const book = async (user: User, body: Record<string, unknown>): Promise<Booking> => {
      const res = await request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .send({ event_id: event.id, ...body });
      expect(res.status).toBe(201);
      return res.body as Booking;
    };

    beforeAll(async () => {
      event = await createBookingEvent(ctx.platform, {
        capacity: 2,
        types: [{ name: "Standard", quota: 2, max_per_order: 2 }],
      });
      [ada, bob] = [await newUser(ctx.platform), await newUser(ctx.platform)];
      await peopleRepository(ctx.testApp.data.pool).saveRegistered({
        userId: ada.id,
        email: `ada.${ada.id.slice(0, 8)}@example.com`,
        displayName: "Ada A.",
        at: new Date().toISOString(),
      });
    });

    test("a confirmed booking's seats carry codes that verify with plain jose against the public set; waitlisted seats carry none", async () => {
      const confirmed = await book(ada, {
        quantity: 2,
        attendees: [{ name: "Ada Lovelace" }, {}],
      });
      const waitlisted = await book(bob, {});
      expect(confirmed.status).toBe("confirmed");
      expect(waitlisted.status).toBe("waitlisted");
      expect(waitlisted.seats.map((seat) => seat.ticket_code)).toEqual([null]);

      const keysRes = await request(ctx.testApp.app).get("/.well-known/ticket-keys.json");
      expect(keysRes.status).toBe(200);
      expect(keysRes.headers["cache-control"]).toBe("public, max-age=300");
      const jwks = keysRes.body as JSONWebKeySet;
      expect(jwks.keys.length).toBeGreaterThan(0);
      for (const key of jwks.keys) expect(key).not.toHaveProperty("d");
      const keySet = createLocalJWKSet(jwks);

      const eventRead = await fetch(`${ctx.platform.eventUrl}/api/v1/events/${event.id}`);
      const endsAt = Date.parse(((await eventRead.json()) as { ends_at: string }).ends_at);
      const names = ["Ada Lovelace", "Ada A."];
      for (const [index, seat] of confirmed.seats.entries()) {
        expect(seat.ticket_code).toEqual(expect.any(String));
        const code = seat.ticket_code!;
        expect(decodeProtectedHeader(code)).toMatchObject({
          alg: "EdDSA",
          typ: "turnout-ticket+jwt",
          kid: jwks.keys[0]!.kid,
        });
        const { payload } = await jwtVerify(code, keySet, {
          issuer: "turnout-tickets",
          typ: "turnout-ticket+jwt",
          algorithms: ["EdDSA"],
        });
        expect(payload).toMatchObject({
          sub: seat.id,
          reg: confirmed.id,
          evt: event.id,
          tt: event.types[0]!.id,
          ttn: "Standard",
          name: names[index],
          exp: Math.floor((endsAt + 86_400_000) / 1000),
        });
        expect(Math.abs(payload.iat! * 1000 - Date.now())).toBeLessThan(60_000);
        // What the check-in helper uses: the same claims through deps.tickets.
        await expect(ctx.testApp.deps.tickets.verify(code)).resolves.toMatchObject({
          sub: seat.id,
        });
      }

      // The same facts and key give the same codes on the next read, and through the API area.
      const again = await request(ctx.testApp.app)
        .get(`/api/v1/registrations/${confirmed.id}`)
        .set("Authorization", `Bearer ${ada.token}`);
      expect((again.body as Booking).seats.map((seat) => seat.ticket_code)).toEqual(
        confirmed.seats.map((seat) => seat.ticket_code),
      );
      const inArea = await request(ctx.testApp.app).get(
        "/api/v1/registrations/.well-known/ticket-keys.json",
      );
      expect(inArea.body).toEqual(jwks);
    });
  });
}
