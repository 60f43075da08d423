import { serviceEnvironment } from "@turnout/dev-stack";
import { testStack } from "./stack";

/**
 * Test processes of a service share its consumer group across test files, and some files stop
 * or SIGKILL members on purpose; the development broker then holds every member of the group in
 * a rebalance for about the session timeout. A short session keeps that to a few seconds.
 */
export const TEST_KAFKA_ENV: Record<string, string> = {
  KAFKA_SESSION_TIMEOUT_MS: "6000",
  // For the same reason any notification process may send a test's mail: all of them write
  // the same sender and links (notification-service/test/helpers/test-settings.ts).
  MAIL_FROM: '"Turnout" <no-reply@turnout.test>',
  PUBLIC_URL: "http://turnout.test",
};

/** The environment a service gets in the test stack: its own role, its AppRole, the broker. */
export function serviceEnv(service: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...serviceEnvironment(testStack(), service, { port: 0, devBroker: true, logLevel: "warn" }),
    ...TEST_KAFKA_ENV,
    ...extra,
  };
}
