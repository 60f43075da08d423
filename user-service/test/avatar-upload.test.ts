import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import sharp from "sharp";
import { bearer, createProfile } from "./helpers/profiles";
import {
  exifIfd0Tags,
  GPS_IFD_POINTER,
  isWebp,
  jpegWithGps,
  pngImage,
  webpImage,
} from "./helpers/images";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, settings, close } = createTestApp();
afterAll(() => close());

const AVATAR_URL = /^\/api\/v1\/users\/avatars\/[0-9a-f]{64}\.webp$/;
const stored = (url: string) =>
  readFileSync(join(settings.avatars.dir, url.slice(url.lastIndexOf("/") + 1)));

async function upload(userId: string, body: Buffer, type = "image/png") {
  return request(app)
    .put("/api/v1/users/me/avatar")
    .set("Authorization", await bearer(userId))
    .set("Content-Type", type)
    .send(body);
}

test("a PNG is stored re-encoded as WebP within 512×512 and served with strict headers", async () => {
  const { id } = await createProfile(prisma);
  const res = await upload(id, await pngImage(1200, 800));
  expect(res.status).toBe(200);
  const url = (res.body as { avatar_url: string }).avatar_url;
  expect(url).toMatch(AVATAR_URL);

  const file = stored(url);
  expect(isWebp(file)).toBe(true);
  expect(await sharp(file).metadata()).toMatchObject({ format: "webp", width: 512, height: 341 });

  const served = await request(app).get(url).buffer(true);
  expect(served.status).toBe(200);
  expect(served.headers).toMatchObject({
    "content-type": "image/webp",
    "x-content-type-options": "nosniff",
  });
  expect(served.headers["cache-control"]).toMatch(/max-age=31536000.*immutable/);
  expect(Buffer.compare(served.body as Buffer, file)).toBe(0);
});

test("JPEG and WebP are accepted too, also as application/octet-stream", async () => {
  const { id } = await createProfile(prisma);
  expect((await upload(id, await jpegWithGps(), "image/jpeg")).status).toBe(200);
  expect((await upload(id, await webpImage(), "application/octet-stream")).status).toBe(200);
});

test("the EXIF GPS position of an uploaded JPEG is gone from the stored file, and it is upright", async () => {
  const jpeg = await jpegWithGps();
  const input = await sharp(jpeg).metadata();
  expect(exifIfd0Tags(input.exif!)).toContain(GPS_IFD_POINTER);
  expect(jpeg.includes("WGS-84")).toBe(true);

  const { id } = await createProfile(prisma);
  const res = await upload(id, jpeg, "image/jpeg");
  expect(res.status).toBe(200);
  const file = stored((res.body as { avatar_url: string }).avatar_url);
  const output = await sharp(file).metadata();
  expect(output.exif).toBeUndefined();
  expect(output.xmp).toBeUndefined();
  expect(file.includes("WGS-84")).toBe(false);
  expect(file.includes("TestCam")).toBe(false);
  // Orientation 6 (sideways) was applied to the pixels: 64×48 became 48×64.
  expect(output).toMatchObject({ width: 48, height: 64 });
  expect(output.orientation).toBeUndefined();
});

test("re-uploading replaces the old file; DELETE /me/avatar removes it (204)", async () => {
  const { id } = await createProfile(prisma);
  const first = (await upload(id, await pngImage(40, 40))).body as { avatar_url: string };
  const second = (await upload(id, await pngImage(50, 50))).body as { avatar_url: string };
  expect(second.avatar_url).not.toBe(first.avatar_url);
  expect(existsSync(join(settings.avatars.dir, first.avatar_url.split("/").pop()!))).toBe(false);
  expect((await request(app).get(first.avatar_url)).status).toBe(404);

  const removed = await request(app)
    .delete("/api/v1/users/me/avatar")
    .set("Authorization", await bearer(id));
  expect(removed.status).toBe(204);
  expect(existsSync(join(settings.avatars.dir, second.avatar_url.split("/").pop()!))).toBe(false);
  const me = await request(app)
    .get("/api/v1/users/me")
    .set("Authorization", await bearer(id));
  expect(me.body).toMatchObject({ avatar_url: null });
});

test("PATCH avatar_url takes only null or the current avatar; null removes the file", async () => {
  const owner = await createProfile(prisma);
  const other = await createProfile(prisma);
  const url = ((await upload(owner.id, await pngImage())).body as { avatar_url: string })
    .avatar_url;
  const patch = async (userId: string, avatar_url: unknown) =>
    request(app)
      .patch("/api/v1/users/me")
      .set("Authorization", await bearer(userId))
      .send({ avatar_url });

  const stolen = await patch(other.id, url);
  expect(stolen.status).toBe(422);
  expect(stolen.body).toMatchObject({ code: "avatar_not_owned" });
  const foreign = await patch(other.id, "https://evil.example/a.png");
  expect(foreign.status).toBe(400);
  expect(foreign.body).toMatchObject({ code: "validation_failed" });

  expect((await patch(owner.id, url)).status).toBe(200);
  const cleared = await patch(owner.id, null);
  expect(cleared.body).toMatchObject({ avatar_url: null });
  expect((await request(app).get(url)).status).toBe(404);
});

test("the avatar route serves only well-formed names: others are 400, unknown ones 404", async () => {
  for (const name of [
    "..%2F..%2Fetc%2Fpasswd",
    "x.webp",
    `${"A".repeat(64)}.webp`,
    `${"a".repeat(64)}.svg`,
  ]) {
    const res = await request(app).get(`/api/v1/users/avatars/${name}`);
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  }
  const unknown = await request(app).get(`/api/v1/users/avatars/${"0".repeat(64)}.webp`);
  expect(unknown.status).toBe(404);
  expect(unknown.body).toMatchObject({ code: "avatar_not_found" });
});

test("without a token the upload is 401 and nothing is stored", async () => {
  const res = await request(app)
    .put("/api/v1/users/me/avatar")
    .set("Content-Type", "image/png")
    .send(await pngImage());
  expect(res.status).toBe(401);
});
