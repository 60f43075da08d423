import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const secrets = z.object({
  superuser: z.string(),
  roles: z.record(z.string(), z.string()),
  vaultRootToken: z.string(),
  // Optional so a folder made before they existed keeps working; filled in on the next start.
  adminPassword: z.string().optional(),
  demoPassword: z.string().optional(),
});
export type LocalSecrets = Required<z.infer<typeof secrets>>;

const random = (): string => randomBytes(24).toString("base64url");

/**
 * Credentials of the local platform: made once, kept (0600) beside the data they protect, so a
 * second start opens the same database and Vault. Nothing here is a built-in default.
 */
export function loadOrCreateSecrets(dir: string, roles: readonly string[]): LocalSecrets {
  const path = join(dir, "secrets.json");
  const existing = existsSync(path)
    ? secrets.parse(JSON.parse(readFileSync(path, "utf8")))
    : undefined;
  const value: LocalSecrets = {
    superuser: existing?.superuser ?? random(),
    roles: Object.fromEntries(roles.map((role) => [role, existing?.roles[role] ?? random()])),
    vaultRootToken: existing?.vaultRootToken ?? `hvs.${random()}`,
    // The local run's first admin and the demo accounts: random per install, never built in.
    adminPassword: existing?.adminPassword ?? random(),
    demoPassword: existing?.demoPassword ?? random(),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
  return value;
}

/** The secrets of an existing local folder (for `npm run demo` beside a running platform). */
export function readSecrets(dir: string): LocalSecrets | undefined {
  const path = join(dir, "secrets.json");
  if (!existsSync(path)) return undefined;
  const value = secrets.parse(JSON.parse(readFileSync(path, "utf8")));
  if (value.adminPassword === undefined || value.demoPassword === undefined) return undefined;
  return { ...value, adminPassword: value.adminPassword, demoPassword: value.demoPassword };
}
