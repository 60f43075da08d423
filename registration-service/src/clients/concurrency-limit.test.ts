import { concurrencyLimit } from "./concurrency-limit";

test("never runs more than the limit at once and runs everything in order", async () => {
  const limit = concurrencyLimit(3);
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      limit(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return i;
      }),
    ),
  );
  expect(peak).toBe(3);
  expect(started).toEqual(results);
  expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
});

test("a failing call frees its slot", async () => {
  const limit = concurrencyLimit(1);
  await expect(limit(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  await expect(limit(() => Promise.resolve("next"))).resolves.toBe("next");
});
