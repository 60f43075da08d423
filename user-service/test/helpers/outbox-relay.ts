import type { z } from "zod";
import { startStandaloneRelay } from "@turnout/kit";
import { readTopics, serviceRelayOptions, type TopicReader } from "@turnout/test-kit";
import { SERVICE } from "../../src/config";

/** A real relay on this service's schema, so events written by the app reach their topics. */
const startOutboxRelay = () => startStandaloneRelay(serviceRelayOptions(SERVICE));

/**
 * For a test file about one published topic: a reader on it and a relay (started before the
 * file's tests, stopped after). Returns the messages keyed by a user, parsed with the
 * contract's envelope, so a message off the contract fails the test.
 */
export function watchPublished<T>(topic: string, envelope: z.ZodType<T>): (userId: string) => T[] {
  let relay: { stop: () => Promise<void> } | undefined;
  let reader: TopicReader | undefined;
  beforeAll(async () => {
    reader = await readTopics([topic]);
    relay = await startOutboxRelay();
  });
  afterAll(async () => {
    await relay?.stop();
    await reader?.stop();
  });
  return (userId) =>
    (reader?.messages ?? [])
      .filter((m) => m.key?.toString() === userId)
      .map((m) => envelope.parse(JSON.parse(m.value!.toString())));
}
