import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import {
  chmod,
  chown,
  lstat,
  mkdir,
  readFile,
  readdir,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { systemDir } from "./system-dir";
import { userCan, type ServerUser } from "./server-user";

/** Where a cluster's files really are, and how to remove them (the data and any link to it). */
export interface ClusterDir {
  /** The folder to give the server (`-D`), reachable by its user. */
  path: string;
  /** True when the cluster lives in the system folder behind a link at the asked-for path. */
  relocated: boolean;
  remove(): Promise<void>;
}

const clustersDir = () => join(systemDir(), "clusters");
// An entry is complete once its `link` file names the path that links to it.
const LINK_FILE = "link";
const STALE_INCOMPLETE_MS = 60 * 60 * 1000;

const isLink = async (path: string) =>
  lstat(path).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );

/**
 * The data folder for a cluster asked for at `dataDir`. Normally that folder itself (owned by
 * the server's user when started as root). When that user cannot reach it — as root in a clone
 * under a private folder — the cluster lives in `/var/lib/turnout/clusters/<id>/data` and
 * `dataDir` becomes a symbolic link to it, so the data still belongs to the folder that asked
 * for it; clusters whose link is gone (the folder was deleted) are removed on a later start.
 */
export async function clusterDir(
  dataDir: string,
  user: ServerUser | undefined,
): Promise<ClusterDir> {
  const asked = resolve(dataDir);
  if (await isLink(asked)) {
    const target = resolve(dirname(asked), await readlink(asked));
    if (existsSync(target)) return relocatedAt(asked, target);
    await rm(asked, { force: true });
  }
  const inPlace = {
    path: asked,
    relocated: false,
    remove: () => rm(asked, { recursive: true, force: true }),
  };
  if (!user) {
    await mkdir(asked, { recursive: true });
    return inPlace;
  }
  await mkdir(dirname(asked), { recursive: true });
  if (userCan(user, "x", dirname(asked))) {
    await mkdir(asked, { recursive: true, mode: 0o700 });
    await chown(asked, user.uid, user.gid);
    return inPlace;
  }
  if (existsSync(join(asked, "PG_VERSION"))) {
    throw new Error(`the ${user.name} user cannot reach the cluster in ${asked}`);
  }

  await sweepOrphans();
  const entry = join(clustersDir(), randomBytes(8).toString("hex"));
  await mkdir(clustersDir(), { recursive: true, mode: 0o755 });
  await chmod(systemDir(), 0o755);
  await chmod(clustersDir(), 0o755);
  await mkdir(entry, { mode: 0o755 });
  const data = join(entry, "data");
  await mkdir(data, { mode: 0o700 });
  await chown(data, user.uid, user.gid);
  await rm(asked, { recursive: true, force: true }); // an empty folder left by an earlier try
  await symlink(data, asked);
  await writeFile(join(entry, LINK_FILE), asked + "\n");
  return relocatedAt(asked, data);
}

function relocatedAt(link: string, data: string): ClusterDir {
  return {
    path: data,
    relocated: true,
    async remove() {
      await rm(dirname(data), { recursive: true, force: true });
      await rm(link, { force: true });
    },
  };
}

/** Removes relocated clusters whose link no longer points at them and whose server is gone. */
async function sweepOrphans(): Promise<void> {
  const entries = await readdir(clustersDir()).catch(() => [] as string[]);
  for (const name of entries) {
    const entry = join(clustersDir(), name);
    const data = join(entry, "data");
    const link = await readFile(join(entry, LINK_FILE), "utf8").then(
      (text) => text.trim(),
      () => undefined,
    );
    if (link === undefined) {
      // Being created right now by another start, or abandoned by one that crashed.
      const age = Date.now() - (await stat(entry)).mtimeMs;
      if (age < STALE_INCOMPLETE_MS) continue;
    } else {
      const pointsHere = await readlink(link).then(
        (target) => resolve(dirname(link), target) === data,
        () => false,
      );
      if (pointsHere || (await serverAlive(data))) continue;
    }
    await rm(entry, { recursive: true, force: true });
  }
}

async function serverAlive(data: string): Promise<boolean> {
  const pid = Number(
    (await readFile(join(data, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0],
  );
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
