import { cleanDisplayName, displayNameSchema } from "../src/display-name";

const accepts = (name: string) => displayNameSchema.safeParse(name);

test("ordinary names pass, spaces collapsed and trimmed", () => {
  for (const name of ["Ada Lovelace", "O'Brien & Co", "Zoë", "李小龍", "فاطمه‌زهرا", "👩‍💻 Grace"]) {
    expect(accepts(name)).toMatchObject({ success: true, data: name });
  }
  expect(accepts("  Ada \u00a0  Lovelace ")).toMatchObject({ success: true, data: "Ada Lovelace" });
});

test("line breaks, controls, bidi overrides and web addresses are refused", () => {
  for (const name of [
    "Bob\n\nYour account is locked, visit http://evil.example",
    "Bob\r\nBcc: x",
    "Tab\there",
    "Line\u2028separator",
    "evil\u202Egnp.exe",
    "iso\u2066late",
    "mark\u200Fhere",
    "Visit https://evil.example",
    "see www.evil.example",
    "",
    "   ",
    "x".repeat(101),
  ]) {
    expect(accepts(name).success).toBe(false);
  }
});

test("consumers clean a name instead of failing: controls become spaces, links drop it", () => {
  expect(cleanDisplayName("Bob\nSmith")).toBe("Bob Smith");
  expect(cleanDisplayName("a\u202Eb")).toBe("a b");
  expect(cleanDisplayName("Bob\n\nYour account is locked, visit http://evil.example")).toBeNull();
  expect(cleanDisplayName("\n\t ")).toBeNull();
  expect(cleanDisplayName(null)).toBeNull();
  expect(cleanDisplayName(undefined)).toBeNull();
  expect(cleanDisplayName("y".repeat(150))).toHaveLength(100);
  const astral = "😀".repeat(60);
  const cut = cleanDisplayName(astral)!;
  expect(cut.length).toBeLessThanOrEqual(100);
  expect(displayNameSchema.safeParse(cut).success).toBe(true);
});
