import { Pool } from "pg";
import { testStack } from "./stack";

/** A service's database as the service itself sees it: its role, its schema. */
export function serviceDatabase(service: string): { url: string; schema: string; pool: Pool } {
  const db = testStack().database.services[service];
  if (!db) throw new Error(`the test stack has no database for ${service}`);
  const pool = new Pool({
    connectionString: db.url,
    max: 5,
    options: `-c search_path=${db.schema}`,
  });
  return { url: db.url, schema: db.schema, pool };
}
