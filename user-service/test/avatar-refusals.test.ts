import { readdirSync } from "node:fs";
import request from "supertest";
import sharp from "sharp";
import { bearer, createProfile } from "./helpers/profiles";
import { HTML, isWebp, pngImage } from "./helpers/images";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, settings, close } = createTestApp();
afterAll(() => close());

const files = () => readdirSync(settings.avatars.dir).filter((f) => !f.startsWith("."));

async function upload(body: Buffer, type = "image/png", userId?: string) {
  const id = userId ?? (await createProfile(prisma)).id;
  return request(app)
    .put("/api/v1/users/me/avatar")
    .set("Authorization", await bearer(id))
    .set("Content-Type", type)
    .set("Content-Disposition", 'attachment; filename="avatar.png"')
    .send(body);
}

const expectProblem = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
};

test("a file named avatar.png whose bytes are HTML is refused: 415 unsupported_image", async () => {
  const before = files();
  expectProblem(await upload(HTML), 415, "unsupported_image");
  expect(files()).toEqual(before);
});

test("SVG (script-capable) and GIF are refused whatever the Content-Type says", async () => {
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(1)</script></svg>',
  );
  expectProblem(await upload(svg, "image/png"), 415, "unsupported_image");
  const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } })
    .gif()
    .toBuffer();
  expectProblem(await upload(gif, "image/webp"), 415, "unsupported_image");
});

test("a GIF/HTML polyglot is refused: 415 unsupported_image", async () => {
  const polyglot = Buffer.concat([Buffer.from("GIF89a/*"), HTML]);
  expectProblem(await upload(polyglot), 415, "unsupported_image");
});

test("a PNG signature followed by HTML is refused: 422 invalid_image", async () => {
  const fake = Buffer.concat([(await pngImage()).subarray(0, 8), HTML]);
  expectProblem(await upload(fake), 422, "invalid_image");
});

test("a truncated PNG is refused: 422 invalid_image", async () => {
  const png = await pngImage(200, 200);
  expectProblem(await upload(png.subarray(0, png.length - 40)), 422, "invalid_image");
});

test("a valid PNG carrying HTML after its end is neutralised: only re-encoded pixels are stored", async () => {
  const polyglot = Buffer.concat([await pngImage(), HTML]);
  const res = await upload(polyglot);
  expect(res.status).toBe(200);
  const url = (res.body as { avatar_url: string }).avatar_url;
  const served = await request(app).get(url).buffer(true);
  const bytes = served.body as Buffer;
  expect(isWebp(bytes)).toBe(true);
  expect(bytes.includes("<script")).toBe(false);
  expect(bytes.includes("<html")).toBe(false);
  expect(served.headers["content-type"]).toBe("image/webp");
});

test("an image with more pixels than the service decodes is 422 image_too_large", async () => {
  const huge = await sharp({
    create: { width: 6000, height: 6000, channels: 3, background: "white" },
  })
    .png({ compressionLevel: 9 })
    .toBuffer();
  expect(huge.length).toBeLessThan(settings.avatars.maxBytes);
  expectProblem(await upload(huge), 422, "image_too_large");
});

test("a body over 2 MiB is 413 payload_too_large as problem+json", async () => {
  const big = Buffer.concat([await pngImage(), Buffer.alloc(settings.avatars.maxBytes)]);
  expectProblem(await upload(big), 413, "payload_too_large");
});

test("a Content-Type that is not an image is 415 unsupported_media_type; no body is 400", async () => {
  expectProblem(await upload(await pngImage(), "text/html"), 415, "unsupported_media_type");
  expectProblem(await upload(Buffer.from("{}"), "application/json"), 415, "unsupported_media_type");
  const { id } = await createProfile(prisma);
  const empty = await request(app)
    .put("/api/v1/users/me/avatar")
    .set("Authorization", await bearer(id))
    .set("Content-Type", "image/png");
  expectProblem(empty, 400, "empty_body");
});
