import { TOPICS } from "@turnout/contracts";
import { readTopics, type TopicReader } from "@turnout/test-kit";
import { startRegistrationOutboxRelay } from "./outbox-relay";
import { startPlatform, type Platform } from "./platform";
import { createTestApp, type TestApp, type TestAppOptions } from "./test-app";

/** What every suite of one test file shares; filled in by `beforeAll`, read inside tests. */
export interface SuiteContext {
  platform: Platform;
  testApp: TestApp;
  /** Every registration topic, read from the beginning (filter by id: other tests publish too). */
  reader: TopicReader;
}

export const REGISTRATION_TOPICS = [
  TOPICS.registrationConfirmed,
  TOPICS.registrationWaitlisted,
  TOPICS.registrationCancelled,
  TOPICS.registrationCheckedIn,
];

/**
 * One set of real peer processes (auth, event service), the app over real dependencies, an
 * outbox relay and a topic reader for the whole test file: starting processes is the slow part
 * of these tests, so the file's suites share them.
 */
export function useSuiteContext(options: Pick<TestAppOptions, "settings"> = {}): SuiteContext {
  const ctx: Partial<SuiteContext> = {};
  let relay: { stop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    ctx.platform = await startPlatform();
    ctx.testApp = createTestApp({ ...options, peers: ctx.platform.services.urls });
    ctx.reader = await readTopics(REGISTRATION_TOPICS);
    relay = await startRegistrationOutboxRelay();
  }, 180_000);
  afterAll(async () => {
    await relay?.stop();
    await ctx.reader?.stop();
    await ctx.testApp?.close();
    await ctx.platform?.stop();
  });
  // Suites read the fields inside tests, after `beforeAll` has set them.
  return ctx as SuiteContext;
}

/** Parsed messages of `topic` whose key (the registration id) is `registrationId`. */
export function messagesFor(ctx: SuiteContext, topic: string, registrationId: string): unknown[] {
  return ctx.reader.messages
    .filter((m) => m.topic === topic && m.key?.toString() === registrationId)
    .map((m) => JSON.parse(m.value!.toString()) as unknown);
}
