import { Pool, type PoolConfig } from "pg";
import type { Logger } from "../logging/logger";

export interface PgPoolOptions {
  databaseUrl: string;
  /** Sets `search_path`, so raw SQL (outbox, processed events) lands in the service schema. */
  schema?: string;
  max?: number;
  applicationName?: string;
  idleTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
  /** Reports errors of idle clients; without a listener pg would crash the process. */
  logger?: Logger;
  /** Anything else pg accepts. */
  extra?: PoolConfig;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPgPool(options: PgPoolOptions): Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error("schema must be a lower-case SQL identifier");
  }
  const pool = new Pool({
    ...options.extra,
    connectionString: options.databaseUrl,
    max: options.max ?? 10,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A dropped idle connection emits `error` on the pool; pg replaces the client by itself.
  pool.on("error", (error) => {
    options.logger?.warn("idle database connection failed", { error });
  });
  return pool;
}

/** A `/readyz` check that runs `SELECT 1` on the pool. */
export const pgReadinessCheck = (pool: Pool, name = "database") => ({
  name,
  check: async (): Promise<void> => {
    await pool.query("SELECT 1");
  },
});
