import { randomUUID } from "node:crypto";
import request from "supertest";
import { createEvent, newUser, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

export function idempotencyTests(ctx: SuiteContext): void {
  describe("Idempotency-Key", () => {
    const register = (user: User, eventId: string, key?: string) => {
      const req = request(ctx.testApp.app)
        .post("/api/v1/registrations")
        .set("Authorization", `Bearer ${user.token}`);
      if (key !== undefined) req.set("Idempotency-Key", key);
      return req.send({ event_id: eventId });
    };

    const rowsOf = (user: User) =>
      ctx.testApp.db.registration.count({ where: { userId: user.id } });

    test("a replay with the same Idempotency-Key answers the same status and body", async () => {
      const { event } = await createEvent(ctx.platform);
      const user = await newUser(ctx.platform);
      const key = `signup-${randomUUID()}`;
      const first = await register(user, event.id, key);
      expect(first.status).toBe(201);
      expect(first.headers["idempotent-replayed"]).toBeUndefined();

      const replay = await register(user, event.id, key);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers["idempotent-replayed"]).toBe("true");
      expect(replay.headers.location).toBe(first.headers.location);
      expect(await rowsOf(user)).toBe(1);
    });

    test("the same key with another body is 422 idempotency_key_reused", async () => {
      const { event } = await createEvent(ctx.platform);
      const { event: other } = await createEvent(ctx.platform);
      const user = await newUser(ctx.platform);
      const key = `signup-${randomUUID()}`;
      expect((await register(user, event.id, key)).status).toBe(201);
      const reused = await register(user, other.id, key);
      expect(reused.status).toBe(422);
      expect(reused.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(reused.body).toMatchObject({ code: "idempotency_key_reused" });
      expect(await rowsOf(user)).toBe(1);
    });

    test("a double submit with one key creates one registration and both get it", async () => {
      const { event } = await createEvent(ctx.platform);
      const user = await newUser(ctx.platform);
      const key = `double-${randomUUID()}`;
      const [a, b] = await Promise.all([
        register(user, event.id, key),
        register(user, event.id, key),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body).toEqual(b.body);
      expect(await rowsOf(user)).toBe(1);
    });

    test("a double submit without a key creates one registration; the other is 409", async () => {
      const { event } = await createEvent(ctx.platform);
      const user = await newUser(ctx.platform);
      const replies = await Promise.all([register(user, event.id), register(user, event.id)]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(replies.find((r) => r.status === 409)?.body).toMatchObject({
        code: "already_registered",
      });
      expect(await rowsOf(user)).toBe(1);
    });

    test("keys belong to their user: another user's identical key is a new registration", async () => {
      const { event } = await createEvent(ctx.platform);
      const key = `shared-${randomUUID()}`;
      const [alice, bob] = [await newUser(ctx.platform), await newUser(ctx.platform)];
      const a = await register(alice, event.id, key);
      const b = await register(bob, event.id, key);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect((a.body as { id: string }).id).not.toBe((b.body as { id: string }).id);
    });

    test("a request that failed keeps no key: retrying with it is tried again", async () => {
      const user = await newUser(ctx.platform);
      const key = `failed-${randomUUID()}`;
      const unknown = randomUUID();
      expect((await register(user, unknown, key)).status).toBe(404);
      const { event } = await createEvent(ctx.platform);
      // Same key, different body: the failed request left nothing to conflict with.
      expect((await register(user, event.id, key)).status).toBe(201);
    });
  });
}
