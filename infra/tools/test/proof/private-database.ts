import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrapDatabase, migrate, migrationDirs, readServiceList } from "@turnout/provisioning";
import { freePort, startPostgres, type RunningPostgres } from "@turnout/dev-stack";

/** A PostgreSQL server of one test's own, with one service's role, schema and migrations. */
export interface PrivateDatabase {
  /** The service's `DATABASE_URL` (its own role, least privilege as in the real stack). */
  url: string;
  /** The service's schema. */
  schema: string;
  /** The running server; undefined while a test has it stopped. */
  server: RunningPostgres | undefined;
  /** Stops the server (a fault), keeping its data; `restart` brings it back on the same port. */
  stopServer(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and removes its data. */
  remove(): Promise<void>;
}

/**
 * For fault tests that must not touch the run's shared PostgreSQL: a restart of that one, or
 * another test file's outbox relay claiming rows in a shared schema, would cross test files.
 */
export async function startPrivateDatabase(service: string): Promise<PrivateDatabase> {
  const dir = await mkdtemp(join(tmpdir(), `turnout-private-db-`));
  const options = {
    dataDir: join(dir, "pg"),
    port: await freePort(),
    password: randomBytes(12).toString("hex"),
  };
  let server: RunningPostgres | undefined = await startPostgres(options);
  const list = readServiceList();
  const entry = list.services.find((s) => s.service === service);
  if (!entry) throw new Error(`no ${service} in the service list`);
  const password = randomBytes(12).toString("hex");
  await bootstrapDatabase(server.adminUrl, list.database, [
    { role: entry.role, schema: entry.schema, password },
  ]);
  const url = new URL(server.adminUrl);
  url.username = entry.role;
  url.password = password;
  url.pathname = `/${list.database}`;
  await migrate({ roleUrl: url.toString(), schema: entry.schema, dirs: migrationDirs(service) });

  const stopServer = async () => {
    const running = server;
    server = undefined;
    await running?.stop();
  };
  return {
    url: url.toString(),
    schema: entry.schema,
    get server() {
      return server;
    },
    stopServer,
    async restart() {
      server = await startPostgres(options);
    },
    async remove() {
      await stopServer();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
