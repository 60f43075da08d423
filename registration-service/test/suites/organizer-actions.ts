import request from "supertest";
import {
  registrationCancelledV1,
  registrationCheckedInV1,
  registrationConfirmedV1,
  TOPICS,
} from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { createEvent, newUser, readEvent, type User } from "../helpers/platform";
import type { SuiteContext } from "../helpers/suite-context";

export function organizerActionTests(ctx: SuiteContext): void {
  describe("organizer actions", () => {
    interface Reply {
      id: string;
      status: string;
      confirmed_via: string | null;
      checked_in_at: string | null;
    }

    const register = async (user: User, eventId: string): Promise<Reply> =>
      (
        await request(ctx.testApp.app)
          .post("/api/v1/registrations")
          .set("Authorization", `Bearer ${user.token}`)
          .send({ event_id: eventId })
      ).body as Reply;

    const act = (user: User, id: string, action: string) =>
      request(ctx.testApp.app)
        .post(`/api/v1/registrations/${id}/${action}`)
        .set("Authorization", `Bearer ${user.token}`);

    const messagesFor = (topic: string, registrationId: string) =>
      ctx.reader.messages
        .filter((m) => m.topic === topic && m.key?.toString() === registrationId)
        .map((m) => JSON.parse(m.value!.toString()) as unknown);

    test("approving a pending registration confirms it via approval, once", async () => {
      const { event, organizer } = await createEvent(ctx.platform, { requiresApproval: true });
      const pending = await register(await newUser(ctx.platform), event.id);
      expect(pending.status).toBe("pending");

      const approved = await act(organizer, pending.id, "approve");
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: "confirmed", confirmed_via: "approval" });
      const again = await act(organizer, pending.id, "approve");
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: "invalid_state" });

      await waitFor(() => messagesFor(TOPICS.registrationConfirmed, pending.id).length > 0, {
        timeoutMs: 20_000,
      });
      const messages = messagesFor(TOPICS.registrationConfirmed, pending.id);
      expect(messages).toHaveLength(1);
      expect(registrationConfirmedV1.envelope.parse(messages[0]).data.confirmed_via).toBe(
        "approval",
      );
    });

    test("rejecting frees the seat for the next in line, who is pending in turn", async () => {
      const { event, organizer } = await createEvent(ctx.platform, {
        capacity: 1,
        requiresApproval: true,
      });
      const first = await register(await newUser(ctx.platform), event.id);
      const second = await register(await newUser(ctx.platform), event.id);
      expect([first.status, second.status]).toEqual(["pending", "waitlisted"]);

      const rejected = await act(organizer, first.id, "reject");
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: "rejected" });
      await waitFor(
        async () =>
          (await ctx.testApp.db.registration.findUnique({ where: { id: second.id } }))?.status ===
          "pending",
      );
      expect((await readEvent(ctx.platform, event.id)).seats_taken).toBe(1);
      expect((await act(organizer, first.id, "reject")).status).toBe(409);

      await waitFor(() => messagesFor(TOPICS.registrationCancelled, first.id).length > 0, {
        timeoutMs: 20_000,
      });
      expect(
        registrationCancelledV1.envelope.parse(
          messagesFor(TOPICS.registrationCancelled, first.id)[0],
        ).data,
      ).toMatchObject({ reason: "rejected", previous_status: "pending" });
    });

    test("checking in: a confirmed attendee once; others are refused", async () => {
      const { event, organizer } = await createEvent(ctx.platform);
      const attendee = await newUser(ctx.platform);
      const confirmed = await register(attendee, event.id);

      const checkedIn = await act(organizer, confirmed.id, "check-in");
      expect(checkedIn.status).toBe(200);
      expect(checkedIn.body).toMatchObject({
        status: "confirmed",
        checked_in_at: expect.any(String),
      });
      const twice = await act(organizer, confirmed.id, "check-in");
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ code: "already_checked_in" });
      // Attendance happened: the registration can no longer be cancelled.
      const cancel = await request(ctx.testApp.app)
        .delete(`/api/v1/registrations/${confirmed.id}`)
        .set("Authorization", `Bearer ${attendee.token}`);
      expect(cancel.status).toBe(409);
      expect(cancel.body).toMatchObject({ code: "invalid_state" });

      await waitFor(() => messagesFor(TOPICS.registrationCheckedIn, confirmed.id).length > 0, {
        timeoutMs: 20_000,
      });
      expect(
        registrationCheckedInV1.envelope.parse(
          messagesFor(TOPICS.registrationCheckedIn, confirmed.id)[0],
        ).data,
      ).toMatchObject({ registration_id: confirmed.id, event_id: event.id, title: event.title });

      const { event: approvalEvent, organizer: approver } = await createEvent(ctx.platform, {
        requiresApproval: true,
      });
      const pending = await register(await newUser(ctx.platform), approvalEvent.id);
      const notYet = await act(approver, pending.id, "check-in");
      expect(notYet.status).toBe(409);
      expect(notYet.body).toMatchObject({ code: "invalid_state" });
    });
  });
}
