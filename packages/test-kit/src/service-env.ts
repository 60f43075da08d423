import { serviceEnvironment } from "@turnout/dev-stack";
import { testStack } from "./stack";

/** The environment a service gets in the test stack: its own role, its AppRole, the broker. */
export function serviceEnv(service: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...serviceEnvironment(testStack(), service, { port: 0, devBroker: true, logLevel: "warn" }),
    ...extra,
  };
}
