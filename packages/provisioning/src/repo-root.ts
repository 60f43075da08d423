import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The monorepo root: the nearest folder above this file holding turbo.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "turbo.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("turbo.json not found above " + __dirname);
    dir = parent;
  }
  return dir;
}
