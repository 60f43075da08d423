import { randomUUID } from "node:crypto";
import { bookingApi, createBookingEvent, type BookingReply } from "../helpers/bookings";
import { newUser } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

const hour = 3600 * 1000;

export function bookingRuleTests(ctx: SuiteContext): void {
  describe("the ticket type's rules and the answers, checked before anything is written", () => {
    const api = bookingApi(ctx);

    test("a hidden type is booked only with its code", async () => {
      const event = await createBookingEvent(ctx.platform, {
        capacity: 10,
        types: [
          { name: "Public", quota: 5 },
          { name: "Crew", quota: 5, hidden: true, access_code: "backstage-42" },
        ],
      });
      const crew = event.types.find((t) => t.name === "Crew")!;
      const user = await newUser(ctx.platform);
      for (const body of [
        { event_id: event.id, ticket_type_id: crew.id },
        { event_id: event.id, ticket_type_id: crew.id, access_code: "backstage-43" },
      ]) {
        const refused = await api.post(user, body);
        expect(refused.status).toBe(422);
        expect((refused.body as Problem).code).toBe("ticket_type_not_found");
      }
      expect(await api.mine(user)).toEqual([]);
      const ok = await api.post(user, {
        event_id: event.id,
        ticket_type_id: crew.id,
        access_code: "backstage-42",
        quantity: 2,
      });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ status: "confirmed", ticket_type_id: crew.id, quantity: 2 });
      expect((await api.ledger(event.id)).ticketTypes.find((t) => t.id === crew.id)).toMatchObject({
        seatsTaken: 2,
      });
    });

    test("outside the sales window, and above max_per_order, the booking is refused", async () => {
      const now = Date.now();
      const event = await createBookingEvent(ctx.platform, {
        capacity: 20,
        types: [
          {
            name: "Early",
            quota: 5,
            sales_start: new Date(now - 2 * hour).toISOString(),
            sales_end: new Date(now - hour).toISOString(),
          },
          { name: "Late", quota: 5, sales_start: new Date(now + hour).toISOString() },
          { name: "Pairs", quota: 5, max_per_order: 2 },
        ],
      });
      const [early, late, pairs] = event.types;
      const user = await newUser(ctx.platform);
      const cases: [Record<string, unknown>, string][] = [
        [{ ticket_type_id: early!.id }, "sales_ended"],
        [{ ticket_type_id: late!.id }, "sales_not_started"],
        [{ ticket_type_id: pairs!.id, quantity: 3 }, "quantity_exceeds_max"],
        [{ ticket_type_id: randomUUID() }, "ticket_type_not_found"],
      ];
      for (const [body, code] of cases) {
        const res = await api.post(user, { event_id: event.id, ...body });
        expect([res.status, (res.body as Problem).code]).toEqual([422, code]);
      }
      expect(await api.mine(user)).toEqual([]);
      expect((await api.ledger(event.id)).seatsTaken).toBe(0);
      const ok = await api.post(user, {
        event_id: event.id,
        ticket_type_id: pairs!.id,
        quantity: 2,
      });
      expect(ok.status).toBe(201);
    });

    test("invalid answers are 422 validation_failed naming each field; valid ones are kept", async () => {
      const event = await createBookingEvent(ctx.platform, {
        capacity: 10,
        questions: [
          { label: "Company", kind: "text", required: true },
          { label: "Consent", kind: "checkbox", required: true },
          { label: "Meal", kind: "choice", options: ["meat", "veggie"], per: "seat" },
          { label: "Topics", kind: "multi_choice", options: ["a", "b", "c"], per: "seat" },
        ],
      });
      const [company, consent, meal, topics] = event.questions.map((q) => q.id);
      const user = await newUser(ctx.platform);
      const unknown = randomUUID();
      const bad = await api.post(user, {
        event_id: event.id,
        quantity: 2,
        answers: { [consent!]: false, [unknown]: "x", [meal!]: "meat" },
        attendees: [
          { answers: { [meal!]: "fish" } },
          { answers: { [topics!]: ["a", "a"], [company!]: "ACME" } },
        ],
      });
      expect(bad.status).toBe(422);
      const problem = bad.body as Problem;
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors!.map((e) => e.path).sort()).toEqual(
        [
          `answers.${company}`,
          `answers.${consent}`,
          `answers.${unknown}`,
          `answers.${meal}`,
          `attendees.0.answers.${meal}`,
          `attendees.1.answers.${topics}`,
          `attendees.1.answers.${company}`,
        ].sort(),
      );
      // Too many attendees for the quantity, and text over 1000 characters.
      const more = await api.post(user, {
        event_id: event.id,
        answers: { [company!]: "x".repeat(1001), [consent!]: true },
        attendees: [{}, {}],
      });
      expect(more.status).toBe(422);
      expect((more.body as Problem).errors!.map((e) => e.path).sort()).toEqual(
        ["attendees", `answers.${company}`].sort(),
      );
      expect(await api.mine(user)).toEqual([]);

      const ok = await api.post(user, {
        event_id: event.id,
        quantity: 2,
        answers: { [company!]: "ACME", [consent!]: true },
        attendees: [{ name: "Ada", answers: { [meal!]: "veggie", [topics!]: ["a", "c"] } }],
      });
      expect(ok.status).toBe(201);
      const booking = ok.body as BookingReply;
      expect(booking.answers).toEqual({ [company!]: "ACME", [consent!]: true });
      expect(booking.seats.map((s) => s.answers)).toEqual([
        { [meal!]: "veggie", [topics!]: ["a", "c"] },
        {},
      ]);
    });

    test("the idempotency key covers the whole body", async () => {
      const event = await createBookingEvent(ctx.platform, { capacity: 10 });
      const user = await newUser(ctx.platform);
      const key = randomUUID();
      const first = await api.post(user, { event_id: event.id, quantity: 2 }, key);
      expect(first.status).toBe(201);
      const again = await api.post(user, { event_id: event.id, quantity: 2 }, key);
      expect(again.status).toBe(201);
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.body).toEqual(first.body);
      const other = await api.post(user, { event_id: event.id, quantity: 3 }, key);
      expect([other.status, (other.body as Problem).code]).toEqual([422, "idempotency_key_reused"]);
    });
  });
}
