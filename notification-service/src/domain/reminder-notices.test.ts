import { reminderKey, uuidV5 } from "./reminder-notices";

test("uuidV5 gives RFC 9562's version 5 UUID (the DNS namespace's example)", () => {
  expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
    "2ed6657d-e927-568b-95e1-2665a8aea6a2",
  );
});

test("a reminder's key is fixed by the event and its start; a moved start has another", () => {
  const event = "3a5c7e9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d";
  const start = new Date("2030-06-15T16:00:00Z");
  expect(reminderKey(event, start)).toBe(reminderKey(event, new Date(start.getTime())));
  expect(reminderKey(event, new Date("2030-06-15T17:00:00Z"))).not.toBe(reminderKey(event, start));
});
