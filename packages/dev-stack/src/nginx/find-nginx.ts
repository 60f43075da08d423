import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The nginx binary: Debian's /usr/sbin (often not on a non-root PATH) first, then PATH. */
export function findNginx(): string {
  const pathDirs = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  const candidates = ["/usr/sbin/nginx", ...pathDirs.map((dir) => join(dir, "nginx"))];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there or not executable: try the next one
    }
  }
  throw new Error(
    "nginx was not found at /usr/sbin/nginx or on PATH; install it with `apt-get install -y nginx` " +
      "(the gateway config needs nginx 1.22 or newer)",
  );
}
