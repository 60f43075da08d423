import { Pool } from "pg";
import { testStack } from "./stack";

/** A service's database as the service itself sees it: its role, its schema. */
export function serviceDatabase(
  service: string,
  max = 5,
): { url: string; schema: string; pool: Pool } {
  const db = testStack().database.services[service];
  if (!db) throw new Error(`the test stack has no database for ${service}`);
  const pool = new Pool({
    connectionString: db.url,
    max,
    options: `-c search_path=${db.schema}`,
  });
  return { url: db.url, schema: db.schema, pool };
}

/** What a standalone outbox relay (the kit's `startStandaloneRelay`) needs for a service. */
export function serviceRelayOptions(service: string): {
  databaseUrl: string;
  schema: string;
  brokers: string[];
  clientId: string;
} {
  const db = testStack().database.services[service];
  if (!db) throw new Error(`the test stack has no database for ${service}`);
  return {
    databaseUrl: db.url,
    schema: db.schema,
    brokers: testStack().kafka.brokers,
    clientId: `${service}-test-relay`,
  };
}
