import { execFileSync } from "node:child_process";
import { chmod, copyFile, lstat, mkdtemp, readlink, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "@turnout/provisioning";
import { freePort } from "@turnout/dev-stack";
import { startLocalPlatform, type LocalPlatform } from "./helpers/local-platform";

/**
 * As root, a clone under a folder only root may enter (root's home, any `mktemp -d`): the
 * PostgreSQL server runs as the `postgres` user, which cannot reach the binaries under the
 * clone's node_modules nor the data under its .turnout folder. `npm start` must work anyway,
 * and keep the data across starts.
 */
const asRoot = process.getuid?.() === 0;
let parent: string;
let clone: string;
let platform: LocalPlatform | undefined;

/** The clone gets this checkout's installed dependencies (hard links), as `npm ci` would. */
function cloneWithDependencies(target: string): void {
  const root = repoRoot();
  execFileSync("git", ["clone", "--quiet", root, target]);
  const ignored = execFileSync(
    "git",
    ["ls-files", "--others", "--ignored", "--exclude-standard", "--directory"],
    { cwd: root, encoding: "utf8" },
  )
    .split("\n")
    .map((line) => line.replace(/\/$/, ""))
    .filter((path) => /(^|\/)(node_modules|generated)$/.test(path));
  for (const path of ignored) {
    execFileSync("cp", ["-al", join(root, path), join(target, path)]);
  }
}

const startInClone = async () =>
  startLocalPlatform({
    cwd: clone,
    home: join(clone, ".turnout", "local"),
    port: await freePort(),
    authRateLimit: "60r/m",
    timeoutMs: 300_000,
  });

beforeAll(async () => {
  if (!asRoot) return;
  parent = await mkdtemp(join(tmpdir(), "turnout-private-"));
  await chmod(parent, 0o700);
  clone = join(parent, "turnout");
  cloneWithDependencies(clone);
  // A fresh copy of npm's install marker, newer than the clone's lock file: nothing to reinstall.
  const marker = join("node_modules", ".package-lock.json");
  await rm(join(clone, marker));
  await copyFile(join(repoRoot(), marker), join(clone, marker));
}, 120_000);

afterAll(async () => {
  await platform?.pressCtrlC();
  if (!asRoot) return;
  const link = join(clone, ".turnout", "local", "postgres");
  const cluster = await readlink(link).catch(() => undefined);
  if (cluster) await rm(dirname(cluster), { recursive: true, force: true });
  await rm(parent, { recursive: true, force: true });
});

(asRoot ? test : test.skip)(
  "npm start works as root in a clone under a 0700 folder, and a second start keeps the data",
  async () => {
    expect((await stat(parent)).mode & 0o777).toBe(0o700);
    platform = await startInClone();
    const gateway = platform.gateway;
    expect((await fetch(`${gateway}/`)).status).toBe(200);

    const email = `private.${Date.now()}@example.test`;
    const password = "correct horse battery staple";
    const json = { "Content-Type": "application/json" };
    const body = JSON.stringify({ email, password });
    const registered = await fetch(`${gateway}/api/v1/auth/register`, {
      method: "POST",
      headers: json,
      body,
    });
    expect(registered.status).toBe(201);
    // The cluster is not in the private folder: it is a link to where the server's user can go.
    const link = join(clone, ".turnout", "local", "postgres");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).not.toContain(parent);
    await platform.pressCtrlC();
    platform = undefined;

    platform = await startInClone();
    const login = await fetch(`${platform.gateway}/api/v1/auth/login`, {
      method: "POST",
      headers: json,
      body,
    });
    expect(login.status).toBe(200);
    expect(platform.output()).not.toMatch(/EACCES/);
  },
  600_000,
);
