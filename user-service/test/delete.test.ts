import { existsSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import request from "supertest";
import { TOPICS, userDeletedV1 } from "@turnout/contracts";
import { waitFor } from "@turnout/test-kit";
import { pngImage } from "./helpers/images";
import { watchPublished } from "./helpers/outbox-relay";
import { bearer, createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, settings, close } = createTestApp();
afterAll(async () => {
  await close();
});
const deletedEvents = watchPublished(TOPICS.userDeleted, userDeletedV1.envelope);

test("an admin deletes a profile with its settings, history and avatar; user-deleted is published", async () => {
  const { id } = await createProfile(prisma);
  const own = await bearer(id);
  const upload = await request(app)
    .put("/api/v1/users/me/avatar")
    .set("Authorization", own)
    .set("Content-Type", "image/png")
    .send(await pngImage());
  const file = join(
    settings.avatars.dir,
    (upload.body as { avatar_url: string }).avatar_url.split("/").pop()!,
  );
  expect(existsSync(file)).toBe(true);
  await request(app)
    .put("/api/v1/users/me/settings")
    .set("Authorization", own)
    .send({
      notifications: { email: false, in_app: false },
      locale: "fr",
      timezone: "Europe/Paris",
    })
    .expect(200);
  const now = new Date();
  await prisma.activity.create({
    data: {
      id: randomUUID(),
      userId: id,
      type: "registration_confirmed",
      sourceEventId: randomUUID(),
      eventId: randomUUID(),
      registrationId: randomUUID(),
      at: now,
      eventTitle: "Gone",
      eventStartsAt: now,
      createdAt: now,
    },
  });

  const adminId = randomUUID();
  const res = await request(app)
    .delete(`/api/v1/users/${id}`)
    .set("Authorization", await bearer(adminId, ["attendee", "admin"]));
  expect(res.status).toBe(204);

  expect(await prisma.profile.findUnique({ where: { id } })).toBeNull();
  expect(await prisma.settings.count({ where: { userId: id } })).toBe(0);
  expect(await prisma.activity.count({ where: { userId: id } })).toBe(0);
  expect(existsSync(file)).toBe(false);
  expect((await request(app).get("/api/v1/users/me").set("Authorization", own)).status).toBe(404);

  await waitFor(() => deletedEvents(id).length > 0, { timeoutMs: 20_000, message: "user-deleted" });
  expect(deletedEvents(id)).toEqual([
    expect.objectContaining({
      type: "turnout.user.deleted.v1",
      source: "/turnout/user-service",
      subject: id,
      data: { user_id: id, deleted_by: adminId, deleted_at: expect.any(String) },
    }),
  ]);
});

test("users may delete themselves; a second delete is 404", async () => {
  const { id } = await createProfile(prisma);
  const own = await bearer(id);
  expect((await request(app).delete(`/api/v1/users/${id}`).set("Authorization", own)).status).toBe(
    204,
  );
  const again = await request(app).delete(`/api/v1/users/${id}`).set("Authorization", own);
  expect(again.status).toBe(404);
  expect(again.body).toMatchObject({ code: "profile_not_found" });
  await waitFor(() => deletedEvents(id).length > 0, { timeoutMs: 20_000, message: "user-deleted" });
  expect(deletedEvents(id)[0]?.data.deleted_by).toBe(id);
});
