import { createStreamSlots } from "./stream-slots";

test("a user holds at most the maximum, and a closed stream frees its slot once", () => {
  const slots = createStreamSlots(2);
  const first = slots.take("u");
  const second = slots.take("u");
  expect(first).toBeDefined();
  expect(second).toBeDefined();
  expect(slots.take("u")).toBeUndefined();
  expect(slots.take("someone-else")).toBeDefined();
  first?.();
  first?.();
  expect(slots.held("u")).toBe(1);
  expect(slots.take("u")).toBeDefined();
  expect(slots.take("u")).toBeUndefined();
});
