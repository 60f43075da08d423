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

test("the replica holds at most the overall maximum, whoever asks", () => {
  const slots = createStreamSlots(2, 3);
  const taken = [slots.take("a"), slots.take("a"), slots.take("b")];
  expect(taken.every((release) => release !== undefined)).toBe(true);
  expect(slots.take("c")).toBeUndefined();
  taken[2]?.();
  expect(slots.total()).toBe(2);
  expect(slots.take("c")).toBeDefined();
});
