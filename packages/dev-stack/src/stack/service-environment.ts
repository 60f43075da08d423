import type { StackInfo } from "./stack-info";

/** The environment one service runs with in a stack: its own role and schema, its AppRole, the broker. */
export function serviceEnvironment(
  info: StackInfo,
  service: string,
  options: { port: number; devBroker: boolean; logLevel?: string },
): Record<string, string> {
  const db = info.database.services[service];
  const approle = info.vault?.approles[service];
  if (!db || !info.vault || !approle) throw new Error(`the stack has no ${service}`);
  return {
    PORT: String(options.port),
    LOG_LEVEL: options.logLevel ?? "info",
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    KAFKA_BROKERS: info.kafka.brokers.join(","),
    // The development broker answers a waiting fetch only when it times out (README).
    ...(options.devBroker ? { KAFKA_MAX_WAIT_MS: "100" } : {}),
    VAULT_ADDR: info.vault.addr,
    VAULT_ROLE_ID: approle.roleId,
    VAULT_SECRET_ID: approle.secretId,
  };
}
