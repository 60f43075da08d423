import { existsSync } from "node:fs";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../repo-root";

const run = promisify(execFile);

/**
 * The platform binary the `dbmate` npm package installs. Resolved as its own `resolveBinary()`
 * does; that helper is ESM-only (import.meta), which jest's CommonJS test workers cannot load.
 */
function dbmateBinary(): string {
  return require.resolve(`@dbmate/${process.platform}-${process.arch}/bin/dbmate`);
}

export interface MigrateOptions {
  /** The service's own role URL: migrations run with exactly the rights the service has. */
  roleUrl: string;
  schema: string;
  /** Folders of dbmate SQL files, applied together in version order. */
  dirs: readonly string[];
}

/**
 * Applies SQL migrations with dbmate (prisma migrate needs a native engine that cannot be
 * fetched here). `search_path` puts the tables and dbmate's schema_migrations in the schema.
 */
export async function migrate({ roleUrl, schema, dirs }: MigrateOptions): Promise<string> {
  const url = new URL(roleUrl);
  url.searchParams.set("sslmode", "disable");
  url.searchParams.set("search_path", schema);
  const args = dirs.flatMap((dir) => ["--migrations-dir", dir]);
  // The URL travels in the environment, not argv, so the password never shows in `ps`.
  const { stdout } = await run(dbmateBinary(), [...args, "--no-dump-schema", "migrate"], {
    env: { ...process.env, DATABASE_URL: url.toString() },
  });
  return stdout;
}

/** The kit's migrations (outbox, processed events) and then the service's own, where present. */
export function migrationDirs(service: string): string[] {
  const root = repoRoot();
  return [
    join(root, "packages", "kit", "migrations"),
    join(root, service, "prisma", "migrations"),
  ].filter((dir) => existsSync(dir));
}
