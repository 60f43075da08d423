import { httpUrl, loadConfig, port, serviceConfig, sqlIdentifier } from "@turnout/kit";

export const SERVICE = "registration-service";

/** Exported for the compose static check, which parses compose's environment with it. */
export const configSchema = serviceConfig({
  PORT: port(4004),
  DATABASE_SCHEMA: sqlIdentifier("registrations"),
  /** The auth service, which issues this service's service tokens (client credentials). */
  AUTH_SERVICE_URL: httpUrl(),
  /** The event service, whose internal seat ledger holds and frees seats. */
  EVENT_SERVICE_URL: httpUrl(),
});

export type Config = ReturnType<typeof loadServiceConfig>;

/** Reads the environment once; fails listing every bad variable. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(configSchema, env);
}
