import { join } from "node:path";
import { Pool } from "pg";
import { migrate, repoRoot } from "@turnout/provisioning";
import { testStack } from "./stack";
import { uniqueSuffix } from "./unique";

export interface ScratchSchema {
  schema: string;
  /** Superuser URL of the test database. */
  databaseUrl: string;
  /** A pool on the schema (`search_path`), as a service's own pool is. */
  pool: Pool;
  drop(): Promise<void>;
}

/**
 * A schema of its own with the kit's tables (outbox, processed events), so a test that runs
 * relays and consumers never touches rows of another test running at the same time.
 */
export async function createScratchSchema(prefix = "scratch"): Promise<ScratchSchema> {
  const { database } = testStack();
  const schema = `${prefix}_${uniqueSuffix()}`.replace(/[^a-z0-9_]/g, "_");
  const pool = new Pool({
    connectionString: database.adminUrl,
    max: 10,
    options: `-c search_path=${schema}`,
  });
  await pool.query(`CREATE SCHEMA "${schema}"`);
  await migrate({
    roleUrl: database.adminUrl,
    schema,
    dirs: [join(repoRoot(), "packages", "kit", "migrations")],
  });
  return {
    schema,
    databaseUrl: database.adminUrl,
    pool,
    async drop() {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
}
