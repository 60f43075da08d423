import { decodeCursor, encodeCursor } from "./cursor";

test("a cursor round-trips its position and rejects anything else", () => {
  expect(decodeCursor(encodeCursor(42n))).toBe(42n);
  expect(decodeCursor(encodeCursor(9_007_199_254_740_993n))).toBe(9_007_199_254_740_993n);
  for (const bad of ["", "x", Buffer.from('{"s":"0"}').toString("base64url"), "eyJzIjoxfQ"]) {
    expect(decodeCursor(bad)).toBeUndefined();
  }
});
