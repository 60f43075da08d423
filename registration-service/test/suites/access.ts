import request from "supertest";
import { createEvent, newUser, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

export function accessTests(ctx: SuiteContext): void {
  describe("who may see and do what", () => {
    const as = (user: User) => ({
      get: (path: string) =>
        request(ctx.testApp.app)
          .get(`/api/v1/registrations${path}`)
          .set("Authorization", `Bearer ${user.token}`),
      post: (path: string, body?: object) =>
        request(ctx.testApp.app)
          .post(`/api/v1/registrations${path}`)
          .set("Authorization", `Bearer ${user.token}`)
          .send(body),
      delete: (path: string) =>
        request(ctx.testApp.app)
          .delete(`/api/v1/registrations${path}`)
          .set("Authorization", `Bearer ${user.token}`),
    });

    /** An event with approval, its organizer, one pending attendee, a stranger, another organizer, an admin. */
    async function cast() {
      const { event, organizer } = await createEvent(ctx.platform, { requiresApproval: true });
      const attendee = await newUser(ctx.platform);
      const registration = (await as(attendee).post("/", { event_id: event.id })).body as {
        id: string;
        status: string;
      };
      expect(registration.status).toBe("pending");
      return {
        event,
        organizer,
        attendee,
        registration,
        stranger: await newUser(ctx.platform),
        otherOrganizer: await newUser(ctx.platform, ["attendee", "organizer"]),
        admin: await newUser(ctx.platform, ["attendee", "admin"]),
      };
    }

    test("a registration is visible to its attendee, the event's organizer and admins only", async () => {
      const c = await cast();
      for (const viewer of [c.attendee, c.organizer, c.admin]) {
        const res = await as(viewer).get(`/${c.registration.id}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: c.registration.id, event_id: c.event.id });
      }
      for (const outsider of [c.stranger, c.otherOrganizer]) {
        const res = await as(outsider).get(`/${c.registration.id}`);
        expect(res.status).toBe(404);
        expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ code: "registration_not_found" });
      }
      // An unknown id looks exactly the same; a malformed one is no path at all.
      const unknown = await as(c.admin).get("/3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d");
      expect(unknown.body).toMatchObject({ status: 404, code: "registration_not_found" });
      const malformed = await as(c.admin).get("/not-a-uuid");
      expect(malformed.status).toBe(404);
      expect(malformed.body).toMatchObject({ code: "not_found" });
    });

    test("organizer actions refuse the attendee (403) and people who cannot see it (404)", async () => {
      const c = await cast();
      for (const action of ["approve", "reject", "check-in"]) {
        const own = await as(c.attendee).post(`/${c.registration.id}/${action}`);
        expect(own.status).toBe(403);
        expect(own.body).toMatchObject({ code: "forbidden" });
        for (const outsider of [c.stranger, c.otherOrganizer]) {
          const res = await as(outsider).post(`/${c.registration.id}/${action}`);
          expect(res.status).toBe(404);
          expect(res.body).toMatchObject({ code: "registration_not_found" });
        }
      }
      expect(
        (await ctx.testApp.db.registration.findUnique({ where: { id: c.registration.id } }))
          ?.status,
      ).toBe("pending");
      // The event's organizer and an admin may act.
      expect((await as(c.admin).post(`/${c.registration.id}/approve`)).status).toBe(200);
    });

    test("strangers cannot cancel; the organizer's and an admin's cancels say who did it", async () => {
      const c = await cast();
      expect((await as(c.stranger).delete(`/${c.registration.id}`)).status).toBe(404);
      expect((await as(c.otherOrganizer).delete(`/${c.registration.id}`)).status).toBe(404);
      const byOrganizer = await as(c.organizer).delete(`/${c.registration.id}`);
      expect(byOrganizer.status).toBe(200);
      expect(byOrganizer.body).toMatchObject({ status: "cancelled" });
      expect(
        (await ctx.testApp.db.registration.findUnique({ where: { id: c.registration.id } }))
          ?.cancelReason,
      ).toBe("organizer_cancelled");

      const again = await cast();
      expect((await as(again.admin).delete(`/${again.registration.id}`)).status).toBe(200);
      expect(
        (await ctx.testApp.db.registration.findUnique({ where: { id: again.registration.id } }))
          ?.cancelReason,
      ).toBe("admin_cancelled");
    });

    test("an event's attendee list is for its organizer and admins", async () => {
      const c = await cast();
      for (const allowed of [c.organizer, c.admin]) {
        const res = await as(allowed).get(`/events/${c.event.id}`);
        expect(res.status).toBe(200);
        expect((res.body as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
          c.registration.id,
        ]);
      }
      for (const refused of [c.attendee, c.stranger, c.otherOrganizer]) {
        const res = await as(refused).get(`/events/${c.event.id}`);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: "forbidden" });
      }
      const unknown = await as(c.admin).get("/events/3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d");
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: "event_not_found" });
    });

    test("every route wants a valid token", async () => {
      const c = await cast();
      const paths: [string, string][] = [
        ["get", "/"],
        ["get", `/${c.registration.id}`],
        ["delete", `/${c.registration.id}`],
        ["post", `/${c.registration.id}/approve`],
        ["get", `/events/${c.event.id}`],
      ];
      for (const [method, path] of paths) {
        const req = request(ctx.testApp.app);
        const res = await (
          method === "get"
            ? req.get(`/api/v1/registrations${path}`)
            : method === "delete"
              ? req.delete(`/api/v1/registrations${path}`)
              : req.post(`/api/v1/registrations${path}`)
        ).set("Authorization", "Bearer not.a.token");
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ code: "invalid_token" });
      }
    });
  });
}
