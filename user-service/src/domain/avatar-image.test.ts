import { avatarFileName, detectImageType } from "./avatar-image";
import { AVATAR_FILE_PATTERN, avatarFileOf, avatarUrl } from "./profile-rules";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))),
  );

test.each([
  ["PNG", bytes([0x89], "PNG\r\n\x1a\n", "rest"), "png"],
  ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0], "rest"), "jpeg"],
  ["WebP", bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 "), "webp"],
])("%s is recognised by its signature", (_name, data, type) => {
  expect(detectImageType(data)).toBe(type);
});

test.each([
  ["HTML", bytes("<!doctype html><script>")],
  ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
  ["GIF", bytes("GIF89a")],
  ["a RIFF that is not WebP", bytes("RIFF", [1, 2, 3, 4], "WAVEfmt ")],
  ["a short PNG prefix", bytes([0x89], "PNG")],
  ["nothing", Buffer.alloc(0)],
])("%s is not an accepted image", (_name, data) => {
  expect(detectImageType(data)).toBeUndefined();
});

test("avatar file names are content-addressed per user and match the served pattern", () => {
  const image = Buffer.from("pixels");
  const name = avatarFileName("user-a", image);
  expect(name).toMatch(AVATAR_FILE_PATTERN);
  expect(avatarFileName("user-a", image)).toBe(name);
  expect(avatarFileName("user-b", image)).not.toBe(name);
  expect(avatarFileOf(avatarUrl(name)!)).toBe(name);
  expect(avatarFileOf(`https://elsewhere.example${avatarUrl(name)!}`)).toBeUndefined();
  expect(avatarFileOf("/api/v1/users/avatars/../../secrets.webp")).toBeUndefined();
});
