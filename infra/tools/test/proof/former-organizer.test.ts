// Finding 3 of the security review: an organizer whose role was removed kept control of their
// events' registrations, because the registration service compared only the organizer id.
import { call, type Caller } from "./idor";
import { createEvent, startProofPlatform, type ProofPlatform } from "./proof-platform";

jest.setTimeout(180_000);

let platform: ProofPlatform;
let stop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  platform = await startProofPlatform();
  stop = () => platform.services.stop();
});
afterAll(async () => {
  await stop?.();
});

/** A second token of the same account, minted after an admin removed its organizer role. */
async function demoted(who: Caller): Promise<Caller> {
  return {
    id: who.id,
    token: await platform.minter.mint({ sub: who.id, roles: ["attendee"], expiresInSeconds: 900 }),
  };
}

test("a former organizer can no longer list, export, check in, approve, reject or cancel", async () => {
  const organizer = await platform.user(["attendee", "organizer"]);
  const event = await createEvent(platform, organizer.token);
  const attendees = await Promise.all([1, 2].map(() => platform.user()));
  const registrationIds: string[] = [];
  for (const attendee of attendees) {
    const reply = await call(
      platform,
      attendee,
      "registration-service",
      "POST",
      "/api/v1/registrations",
      {
        event_id: event.id,
      },
    );
    expect(reply.status).toBe(201);
    registrationIds.push((reply.body as { id: string }).id);
  }
  const [first, second] = registrationIds as [string, string];
  const list = `/api/v1/registrations/events/${event.id}`;

  // While they hold the role, the organizer manages the event (so the refusals below are about
  // the role, not about a broken request).
  expect((await call(platform, organizer, "registration-service", "GET", list)).status).toBe(200);

  const former = await demoted(organizer);
  const attempts: [string, string][] = [
    ["GET", list],
    ["POST", `/api/v1/registrations/${first}/check-in`],
    ["POST", `/api/v1/registrations/${first}/approve`],
    ["POST", `/api/v1/registrations/${first}/reject`],
    ["DELETE", `/api/v1/registrations/${second}`],
  ];
  for (const [method, path] of attempts) {
    const reply = await call(platform, former, "registration-service", method, path);
    // 403 where the caller may know the thing exists, 404 where they may not even see it.
    expect({ method, path, refused: [403, 404].includes(reply.status) }).toEqual({
      method,
      path,
      refused: true,
    });
  }
  const csv = await fetch(`${platform.url("registration-service")}${list}`, {
    headers: { Authorization: `Bearer ${former.token}`, Accept: "text/csv" },
  });
  expect(csv.status).toBe(403);
  expect(await csv.text()).not.toContain(first);

  // Nothing changed: both registrations are still confirmed and not checked in.
  for (const id of registrationIds) {
    const reply = await call(
      platform,
      organizer,
      "registration-service",
      "GET",
      `/api/v1/registrations/${id}`,
    );
    expect(reply.body).toMatchObject({ status: "confirmed", checked_in_at: null });
  }
});
