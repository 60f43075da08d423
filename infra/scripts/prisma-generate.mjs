// Generates each service's Prisma client (runs after `npm ci`).
// `prisma generate` never runs the native schema engine, but Prisma 7 tries to download it unless
// PRISMA_SCHEMA_ENGINE_BINARY names a path; the engine is unreachable offline (see README, "Migrations").
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const services = ["auth", "user", "event", "registration", "notification"].map(
  (s) => `${s}-service`,
);
const prismaBin = join(root, "node_modules", ".bin", "prisma");
if (!existsSync(prismaBin)) process.exit(0);

for (const service of services) {
  const cwd = join(root, service);
  if (!existsSync(join(cwd, "prisma", "schema.prisma"))) continue;
  // Prisma's own lines go to the console only when generating fails.
  execFileSync(prismaBin, ["generate"], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
}
