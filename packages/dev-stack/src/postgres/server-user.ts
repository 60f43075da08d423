import { execFileSync, spawnSync } from "node:child_process";

/** The system user a root-started PostgreSQL server runs as (the server refuses root). */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

const NAME = "postgres";

function lookup(): ServerUser | undefined {
  const id = (flag: string) => spawnSync("id", [flag, NAME], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { name: NAME, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Undefined when this process is not root: the server then runs as the caller. As root, the
 * `postgres` system user (created like Debian's postgresql package does, when missing).
 */
export function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookup();
  if (existing) return existing;
  execFileSync(
    "useradd",
    ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent"].concat([
      "--shell",
      "/usr/sbin/nologin",
      NAME,
    ]),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const created = lookup();
  if (!created) throw new Error(`could not create the ${NAME} system user`);
  return created;
}

/**
 * Whether `user` may use `path` (`x`: execute a file or traverse a folder, `r`: read), checked
 * by the kernel as that user: every folder above it must be traversable too.
 */
export function userCan(user: ServerUser, access: "x" | "r" | "w", path: string): boolean {
  const test = spawnSync("test", [`-${access}`, path], { uid: user.uid, gid: user.gid });
  return test.status === 0;
}
