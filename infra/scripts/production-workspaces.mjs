// The workspaces production runs: the five services (infra/postgres/services.json), infra/tools
// for the compose init jobs, and every workspace those depend on at run time (`dependencies`,
// never `devDependencies`). Prints their folders, one a line.
//
// With --write it also narrows package.json's "workspaces" to them. The Dockerfile does that
// before `npm ci --omit=dev`: the development stand-ins (packages/dev-stack, with embedded
// PostgreSQL and an SMTP server), the test kit and the web app are then reached only through
// devDependencies, so npm leaves them and everything only they need out of the image. npm ci
// accepts the shorter list against the same package-lock.json: it checks that what it installs
// matches the lock file, not that it installs all of it.
//
// Plain JavaScript with no imports outside Node: it runs before anything is installed.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const readJson = (path) => JSON.parse(readFileSync(join(root, path), "utf8"));

/** Every workspace folder of package.json, "packages/*" expanded, in the listed order. */
function allWorkspaces(patterns) {
  return patterns.flatMap((pattern) =>
    pattern.endsWith("/*")
      ? readdirSync(join(root, pattern.slice(0, -2)))
          .map((name) => `${pattern.slice(0, -2)}/${name}`)
          .filter((dir) => existsSync(join(root, dir, "package.json")))
      : [pattern],
  );
}

export function productionWorkspaces() {
  const rootPackage = readJson("package.json");
  const folderOf = new Map(
    allWorkspaces(rootPackage.workspaces).map((dir) => [readJson(`${dir}/package.json`).name, dir]),
  );
  const seeds = [...readJson("infra/postgres/services.json").services.map((s) => s.service)];
  seeds.push("infra/tools");
  const wanted = new Set();
  const queue = [...seeds];
  while (queue.length > 0) {
    const dir = queue.shift();
    if (wanted.has(dir)) continue;
    wanted.add(dir);
    const pkg = readJson(`${dir}/package.json`);
    const runtime = { ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies };
    for (const name of Object.keys(runtime)) {
      const folder = folderOf.get(name);
      if (folder !== undefined) queue.push(folder);
    }
  }
  return [...folderOf.values()].filter((dir) => wanted.has(dir));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folders = productionWorkspaces();
  if (process.argv.includes("--write")) {
    const rootPackage = readJson("package.json");
    rootPackage.workspaces = folders;
    writeFileSync(join(root, "package.json"), JSON.stringify(rootPackage, null, 2) + "\n");
  }
  process.stdout.write(folders.join("\n") + "\n");
}
