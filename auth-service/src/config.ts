import { loadConfig, port, serviceConfig, sqlIdentifier } from "@turnout/kit";

export const SERVICE = "auth-service";

/** Exported for the compose static check, which parses compose's environment with it. */
export const configSchema = serviceConfig({
  PORT: port(4001),
  DATABASE_SCHEMA: sqlIdentifier("auth"),
});

export type Config = ReturnType<typeof loadServiceConfig>;

/** Reads the environment once; fails listing every bad variable. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(configSchema, env);
}
