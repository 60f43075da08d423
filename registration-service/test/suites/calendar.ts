import { sync, type VEvent } from "node-ical";
import request from "supertest";
import { createEvent, newUser, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

// `GET /api/v1/registrations/{id}/calendar.ics` (docs/tickets.md, "Calendar files"): written
// with ical-generator, read back here with node-ical.
// The check-ins file runs it with PUBLIC_URL https://turnout.test.
export function calendarTests(ctx: SuiteContext): void {
  describe("calendar files", () => {
    const TITLE = "Zürich, Köln; and \u00c5re: the \u201cnight\u201d of 🎉";

    const book = async (user: User, eventId: string, quantity = 1) => {
      const res = await request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .send({ event_id: eventId, quantity });
      expect(res.status).toBe(201);
      return res.body as { id: string; status: string };
    };
    const calendar = (user: User, id: string) =>
      request(ctx.testApp.app)
        .get(`/api/v1/registrations/${id}/calendar.ics`)
        .set("Authorization", `Bearer ${user.token}`)
        .buffer(true)
        .parse((res, done) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            body += chunk;
          });
          res.on("end", () => {
            done(null, body);
          });
        });
    const wholeSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000) * 1000;
    const codeOf = (body: unknown): unknown =>
      (JSON.parse(String(body)) as { code?: unknown }).code;
    const text = (value: unknown): unknown =>
      typeof value === "object" && value !== null && "val" in value ? value.val : value;

    test("the holder gets one VEVENT of the booking that node-ical reads back", async () => {
      const { event } = await createEvent(ctx.platform, {
        capacity: 10,
        fields: { title: TITLE, location: "Bahnhofstraße 1, 8001 Zürich" },
      });
      const attendee = await newUser(ctx.platform);
      const booking = await book(attendee, event.id, 2);
      expect(booking.status).toBe("confirmed");

      const res = await calendar(attendee, booking.id);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
      expect(res.headers["content-disposition"]).toBe(
        'attachment; filename="zurich-koln-and-are-the-night-of.ics"',
      );
      const ics = res.body as string;
      const events = Object.values(sync.parseICS(ics)).filter(
        (c): c is VEvent => c?.type === "VEVENT",
      );
      expect(events).toHaveLength(1);
      const vevent = events[0]!;
      const read = (await (
        await fetch(`${ctx.platform.eventUrl}/api/v1/events/${event.id}`)
      ).json()) as {
        starts_at: string;
        ends_at: string;
      };
      expect(vevent.uid).toBe(`${booking.id}@turnout`);
      expect(text(vevent.summary)).toBe(TITLE);
      expect(text(vevent.location)).toBe("Bahnhofstraße 1, 8001 Zürich");
      expect(text(vevent.description)).toBe("Ticket type: General admission\nSeats: 2");
      expect(text(vevent.url)).toBe(`https://turnout.test/tickets/${booking.id}`);
      // iCalendar times have whole seconds.
      expect(vevent.start.getTime()).toBe(wholeSeconds(read.starts_at));
      expect(vevent.end?.getTime()).toBe(wholeSeconds(read.ends_at));
      expect(ics).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
    });

    test("anyone but the holder gets 404; a booking that is not confirmed gets 409", async () => {
      const { event, organizer } = await createEvent(ctx.platform, { requiresApproval: true });
      const attendee = await newUser(ctx.platform);
      const pending = await book(attendee, event.id);
      expect(pending.status).toBe("pending");

      const notConfirmed = await calendar(attendee, pending.id);
      expect(notConfirmed.status).toBe(409);
      expect(codeOf(notConfirmed.body)).toBe("invalid_state");
      // The organizer may read the booking, but the calendar file is the attendee's.
      for (const other of [organizer, await newUser(ctx.platform)]) {
        const res = await calendar(other, pending.id);
        expect(res.status).toBe(404);
        expect(codeOf(res.body)).toBe("registration_not_found");
      }
    });
  });
}
