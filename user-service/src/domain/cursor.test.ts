import { z } from "zod";
import { decodeCursor, encodeCursor, toPage } from "./cursor";

const position = z.object({ seq: z.string() });

test("a cursor decodes to the position it was made from", () => {
  expect(decodeCursor(position, encodeCursor({ seq: "42" }))).toEqual({ seq: "42" });
});

test.each([
  "",
  "%%%",
  "not base64!",
  encodeCursor({ other: 1 }),
  Buffer.from("{").toString("base64url"),
])("%j is not a cursor", (cursor) => {
  expect(decodeCursor(position, cursor)).toBeUndefined();
});

test("a page has a cursor only when another row follows", () => {
  const rows = [1, 2, 3];
  const view = (n: number) => n;
  const at = (n: number) => ({ seq: String(n) });
  expect(toPage(rows, 2, at, view)).toEqual({
    items: [1, 2],
    nextCursor: encodeCursor({ seq: "2" }),
  });
  expect(toPage(rows, 3, at, view)).toEqual({ items: [1, 2, 3], nextCursor: null });
  expect(toPage([], 3, at, view)).toEqual({ items: [], nextCursor: null });
});
