import request from "supertest";
import { createEvent, newUser, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

export function listingTests(ctx: SuiteContext): void {
  describe("listings", () => {
    interface Item {
      id: string;
      event_id: string;
      user_id: string;
      status: string;
      waitlist_position: number | null;
    }
    interface Page {
      items: Item[];
      next_cursor: string | null;
    }

    const get = (user: User, path: string, query: Record<string, string | number> = {}) =>
      request(ctx.testApp.app)
        .get(`/api/v1/registrations${path}`)
        .query(query)
        .set("Authorization", `Bearer ${user.token}`);

    const register = async (user: User, eventId: string): Promise<Item> =>
      (
        await request(ctx.testApp.app)
          .post("/api/v1/registrations")
          .set("Authorization", `Bearer ${user.token}`)
          .send({ event_id: eventId })
      ).body as Item;

    /** Follows `next_cursor` to the end. */
    async function allPages(user: User, path: string, query: Record<string, string | number>) {
      const pages: Page[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(user, path, cursor === null ? query : { ...query, cursor });
        expect(res.status).toBe(200);
        pages.push(res.body as Page);
        cursor = (res.body as Page).next_cursor;
      } while (cursor !== null);
      return pages;
    }

    test("my registrations come newest first, page by page, and filter by status", async () => {
      const me = await newUser(ctx.platform);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { event } = await createEvent(ctx.platform, { capacity: i === 4 ? 1 : 5 });
        if (i === 4) await register(await newUser(ctx.platform), event.id);
        ids.push((await register(me, event.id)).id);
      }
      const pages = await allPages(me, "/", { limit: 2 });
      expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
      expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual([...ids].reverse());
      expect(pages.flatMap((p) => p.items).every((i) => i.user_id === me.id)).toBe(true);

      const waitlisted = (await get(me, "/", { status: "waitlisted" })).body as Page;
      expect(waitlisted.items.map((i) => [i.id, i.waitlist_position])).toEqual([[ids[4], 1]]);
      expect(waitlisted.next_cursor).toBeNull();
      // Someone else's list does not show mine.
      expect(((await get(await newUser(ctx.platform), "/")).body as Page).items).toEqual([]);
    });

    test.each([
      ["limit=0", { limit: 0 }],
      ["limit=101", { limit: 101 }],
      ["limit=abc", { limit: "abc" }],
      ["an unknown status", { status: "attending" }],
      ["a cursor not from this API", { cursor: "bm90LWEtY3Vyc29y" }],
    ])("%s is a 400 validation_failed", async (_name, query) => {
      const res = await get(await newUser(ctx.platform), "/", query);
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: "validation_failed" });
    });

    test("the attendee list pages in sign-up order with waitlist positions", async () => {
      const { event, organizer } = await createEvent(ctx.platform, { capacity: 2 });
      const signUps: Item[] = [];
      for (let i = 0; i < 5; i++)
        signUps.push(await register(await newUser(ctx.platform), event.id));

      const pages = await allPages(organizer, `/events/${event.id}`, { limit: 2 });
      const items = pages.flatMap((p) => p.items);
      expect(items.map((i) => i.id)).toEqual(signUps.map((s) => s.id));
      expect(items.map((i) => [i.status, i.waitlist_position])).toEqual([
        ["confirmed", null],
        ["confirmed", null],
        ["waitlisted", 1],
        ["waitlisted", 2],
        ["waitlisted", 3],
      ]);
      const filtered = (await get(organizer, `/events/${event.id}`, { status: "confirmed" }))
        .body as Page;
      expect(filtered.items.map((i) => i.id)).toEqual(signUps.slice(0, 2).map((s) => s.id));
    });

    test("Accept: text/csv exports the whole attendee list as an attachment", async () => {
      const { event, organizer } = await createEvent(ctx.platform, { capacity: 1 });
      const signUps: Item[] = [];
      for (let i = 0; i < 3; i++)
        signUps.push(await register(await newUser(ctx.platform), event.id));

      const res = await get(organizer, `/events/${event.id}`, { limit: 1 }).set(
        "Accept",
        "text/csv",
      );
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers["content-disposition"]).toBe(
        `attachment; filename="registrations-${event.id}.csv"`,
      );
      const lines = res.text.trimEnd().split("\r\n");
      // The first seven columns as before; the booking's columns are appended after them.
      expect(lines[0]).toMatch(
        /^registration_id,user_id,status,waitlist_position,confirmed_via,checked_in_at,created_at,attendee_name,/,
      );
      expect(lines).toHaveLength(4);
      const rows = lines.slice(1).map((line) => line.split(","));
      expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5]])).toEqual([
        [signUps[0]!.id, signUps[0]!.user_id, "confirmed", "", "direct", ""],
        [signUps[1]!.id, signUps[1]!.user_id, "waitlisted", "1", "", ""],
        [signUps[2]!.id, signUps[2]!.user_id, "waitlisted", "2", "", ""],
      ]);
      expect(rows.every((r) => !Number.isNaN(Date.parse(r[6]!)))).toBe(true);

      // The attendee list is the organizer's: a CSV request from anyone else is refused as usual.
      const refused = await get(await newUser(ctx.platform), `/events/${event.id}`).set(
        "Accept",
        "text/csv",
      );
      expect(refused.status).toBe(403);
    });
  });
}
