import request from "supertest";
import { TOPICS, userProfileUpdatedV1 } from "@turnout/contracts";
import { uniqueSuffix, waitFor } from "@turnout/test-kit";
import { watchPublished } from "./helpers/outbox-relay";
import { bearer, createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, close } = createTestApp();
afterAll(async () => {
  await close();
});
const eventsFor = watchPublished(TOPICS.userProfileUpdated, userProfileUpdatedV1.envelope);

test("a new username or display name is published as user-profile-updated; a bio is not", async () => {
  const { id } = await createProfile(prisma);
  const username = `Renamed_${uniqueSuffix()}`.slice(0, 32);
  const patch = async (body: object) =>
    request(app)
      .patch("/api/v1/users/me")
      .set("Authorization", await bearer(id))
      .send(body);

  expect((await patch({ bio: "Only the bio" })).status).toBe(200);
  expect((await patch({ username, display_name: "New Name" })).status).toBe(200);
  expect((await patch({ username })).status).toBe(200); // the same again: nothing to announce

  await waitFor(() => eventsFor(id).length > 0, { message: "user-profile-updated on Kafka" });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(eventsFor(id).map((e) => e.data)).toEqual([
    expect.objectContaining({
      user_id: id,
      username: username.toLowerCase(),
      display_name: "New Name",
      changed: ["username", "display_name"],
    }),
  ]);
});
