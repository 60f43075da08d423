import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { TOPICS } from "@turnout/contracts";
import {
  startServices,
  userRegisteredEvent,
  waitFor,
  type RunningServices,
} from "@turnout/test-kit";
import { publish } from "./helpers/events";
import { pngImage } from "./helpers/images";
import { bearer } from "./helpers/profiles";

jest.setTimeout(120_000);

const root = mkdtempSync(join(tmpdir(), "turnout-users-process-"));
const avatarDir = join(root, "not", "there", "yet");
let services: RunningServices | undefined;

beforeAll(async () => {
  services = await startServices(["user-service"], {
    env: { "user-service": { AVATAR_DIR: avatarDir } },
  });
});
afterAll(async () => {
  await services?.stop();
  rmSync(root, { recursive: true, force: true });
});

test("main.ts wires it all: the folder, readiness, the consumer and the avatar routes", async () => {
  const url = services!.urls["user-service"]!;
  expect(existsSync(avatarDir)).toBe(true);
  const ready = await request(url).get("/readyz");
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({
    checks: { database: { status: "ok" }, kafka: { status: "ok" }, "avatar-dir": { status: "ok" } },
  });

  const event = userRegisteredEvent({ display_name: "From the process" });
  await publish(TOPICS.userRegistered, [event]);
  const auth = await bearer(event.data.user_id);
  await waitFor(
    async () =>
      (await request(url).get("/api/v1/users/me").set("Authorization", auth)).status === 200,
    { timeoutMs: 30_000, message: "the profile, made by the service's own consumer" },
  );

  const upload = await request(url)
    .put("/api/v1/users/me/avatar")
    .set("Authorization", auth)
    .set("Content-Type", "image/png")
    .send(await pngImage());
  expect(upload.status).toBe(200);
  const image = await request(url).get((upload.body as { avatar_url: string }).avatar_url);
  expect(image.status).toBe(200);
  expect(image.headers["content-type"]).toBe("image/webp");
});
