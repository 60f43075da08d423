import request from "supertest";
import { registrationConfirmedV1, registrationWaitlistedV1, TOPICS } from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { cancelEvent, createEvent, newUser, readEvent, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

export function signUpTests(ctx: SuiteContext): void {
  describe("signing up", () => {
    const register = (user: User, body: object) =>
      request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .send(body);

    const messagesFor = (topic: string, registrationId: string) =>
      ctx.reader.messages
        .filter((m) => m.topic === topic)
        .map((m) => JSON.parse(m.value!.toString()) as { subject: string })
        .filter((e) => e.subject === registrationId);

    test("a sign-up with seats left is 201 confirmed and publishes registration-confirmed", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 5 });
      const user = await newUser(ctx.platform);
      const res = await register(user, { event_id: event.id });
      expect(res.status).toBe(201);
      const body = res.body as { id: string; created_at: string };
      expect(body).toEqual({
        id: expect.any(String),
        event_id: event.id,
        user_id: user.id,
        status: "confirmed",
        waitlist_position: null,
        confirmed_via: "direct",
        checked_in_at: null,
        cancelled_at: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        // Bookings (docs/booking-model.md): one seat of the event's default type.
        ticket_type_id: expect.any(String),
        quantity: 1,
        answers: {},
        transferred_from: null,
        seats: [
          {
            id: expect.any(String),
            attendee_name: null,
            answers: {},
            status: "confirmed",
            transfer: null,
            ticket_code: expect.any(String),
          },
        ],
      });
      expect(res.headers.location).toBe(`/api/v1/registrations/${body.id}`);
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);

      await waitFor(() => messagesFor(TOPICS.registrationConfirmed, body.id).length > 0, {
        timeoutMs: 20_000,
      });
      const message = registrationConfirmedV1.envelope.parse(
        messagesFor(TOPICS.registrationConfirmed, body.id)[0],
      );
      expect(message).toMatchObject({
        source: "/turnout/registration-service",
        subject: body.id,
        data: {
          registration_id: body.id,
          event_id: event.id,
          user_id: user.id,
          title: event.title,
          timezone: "Europe/Berlin",
          location: "Test Hall, Berlin",
          confirmed_via: "direct",
        },
      });
    });

    test("when the event is full, the sign-up is waitlisted in order and announced", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 1 });
      expect(
        (await register(await newUser(ctx.platform), { event_id: event.id })).body,
      ).toMatchObject({
        status: "confirmed",
      });
      const second = await register(await newUser(ctx.platform), { event_id: event.id });
      const third = await register(await newUser(ctx.platform), { event_id: event.id });
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ status: "waitlisted", waitlist_position: 1 });
      expect(third.body).toMatchObject({ status: "waitlisted", waitlist_position: 2 });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);

      const thirdId = (third.body as { id: string }).id;
      await waitFor(() => messagesFor(TOPICS.registrationWaitlisted, thirdId).length > 0, {
        timeoutMs: 20_000,
      });
      expect(
        registrationWaitlistedV1.envelope.parse(
          messagesFor(TOPICS.registrationWaitlisted, thirdId)[0],
        ).data,
      ).toMatchObject({ registration_id: thirdId, event_id: event.id, waitlist_position: 2 });
    });

    test("an event that requires approval gives pending, and the seat is held", async () => {
      const { event } = await createEvent(ctx.platform, { capacity: 3, requiresApproval: true });
      const res = await register(await newUser(ctx.platform), { event_id: event.id });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: "pending", confirmed_via: null });
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);
    });

    test("registering twice for one event is 409 already_registered; after cancelling it works", async () => {
      const { event } = await createEvent(ctx.platform);
      const user = await newUser(ctx.platform);
      const first = await register(user, { event_id: event.id });
      expect(first.status).toBe(201);
      const again = await register(user, { event_id: event.id });
      expect(again.status).toBe(409);
      expect(again.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(again.body).toMatchObject({ code: "already_registered" });

      const id = (first.body as { id: string }).id;
      const cancel = await request(ctx.testApp.app)
        .delete(`/api/v1/registrations/${id}`)
        .set("Authorization", `Bearer ${user.token}`);
      expect(cancel.status).toBe(200);
      expect((await register(user, { event_id: event.id })).status).toBe(201);
    });

    test("an unknown event is 404 event_not_found and a cancelled one 422 event_not_open", async () => {
      const user = await newUser(ctx.platform);
      const unknown = await register(user, { event_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10" });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: "event_not_found" });

      const { event, organizer } = await createEvent(ctx.platform);
      await cancelEvent(ctx.platform, event.id, organizer);
      const closed = await register(user, { event_id: event.id });
      expect(closed.status).toBe(422);
      expect(closed.body).toMatchObject({ code: "event_not_open" });
      expect(await ctx.testApp.db.registration.count({ where: { userId: user.id } })).toBe(0);
    });

    test.each([
      ["no body", undefined, ""],
      ["a missing event_id", {}, "event_id"],
      ["an event_id that is not a UUID", { event_id: "not-a-uuid" }, "event_id"],
      ["a number for event_id", { event_id: 42 }, "event_id"],
    ])("%s is a 400 validation_failed naming the field", async (_name, body, field) => {
      const res = await register(await newUser(ctx.platform), body as object);
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: "validation_failed" });
      expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
        field,
      );
    });

    test.each([
      ["empty", ""],
      ["with a space", "a key"],
      ["too long", "k".repeat(201)],
      ["non-ASCII", "clé"],
    ])("an Idempotency-Key %s is a 400 validation_failed", async (_name, key) => {
      const user = await newUser(ctx.platform);
      const res = await request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .set("Idempotency-Key", key)
        .send({ event_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10" });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: "validation_failed",
        errors: [{ path: "Idempotency-Key" }],
      });
    });

    test("without a token it is 401, and a body that is not JSON is 400/415, never 5xx", async () => {
      const anonymous = await request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .send({ event_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10" });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers["content-type"]).toMatch(/^application\/problem\+json/);

      const user = await newUser(ctx.platform);
      const malformed = await request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .set("Content-Type", "application/json")
        .send("{not json");
      expect(malformed.status).toBe(400);
      const form = await request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`)
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send("event_id=x");
      expect(form.status).toBe(415);
    });
  });
}
