import { testStack } from "./stack";

/** The environment a service gets in the stack: its own role, its AppRole, the broker. */
export function serviceEnv(service: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const stack = testStack();
  const db = stack.database.services[service];
  const approle = stack.vault?.approles[service];
  if (!db || !stack.vault || !approle) throw new Error(`the test stack has no ${service}`);
  return {
    PORT: "0",
    LOG_LEVEL: "warn",
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    KAFKA_BROKERS: stack.kafka.brokers.join(","),
    KAFKA_MAX_WAIT_MS: "100",
    VAULT_ADDR: stack.vault.addr,
    VAULT_ROLE_ID: approle.roleId,
    VAULT_SECRET_ID: approle.secretId,
    ...extra,
  };
}
