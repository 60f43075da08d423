import { waitFor } from "./wait-for";

test("waitFor returns the first value the probe yields", async () => {
  let calls = 0;
  const value = await waitFor(() => (++calls >= 3 ? "ready" : undefined), { intervalMs: 1 });
  expect(value).toBe("ready");
  expect(calls).toBe(3);
});

test("waitFor fails with the last error and the awaited condition", async () => {
  await expect(
    waitFor(
      () => {
        throw new Error("not yet");
      },
      { timeoutMs: 30, intervalMs: 5, message: "the row" },
    ),
  ).rejects.toThrow(/waiting for the row: not yet/);
});
