import { z } from "zod";
import { commaList, loadConfig, port, serviceConfig, sqlIdentifier } from "@turnout/kit";

export const SERVICE = "event-service";

/** A service name as `infra/postgres/services.json` spells them (`registration-service`). */
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Exported for the compose static check, which parses compose's environment with it. */
export const configSchema = serviceConfig({
  PORT: port(4003),
  DATABASE_SCHEMA: sqlIdentifier("events"),
  /** Callers (the `sub` of their service token) allowed on `/internal/events/.../reservations`. */
  /** The services whose service tokens may use the seat ledger. */
  LEDGER_CLIENTS: commaList(
    z.string().regex(SERVICE_NAME, "each entry must be a service name"),
    "registration-service",
  ),
});

export type Config = ReturnType<typeof loadServiceConfig>;

/** Reads the environment once; fails listing every bad variable. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(configSchema, env);
}

/** What the routes and use cases need from the configuration. */
export interface EventSettings {
  ledgerClients: readonly string[];
}

export function eventSettings(config: Config): EventSettings {
  return { ledgerClients: config.LEDGER_CLIENTS };
}
