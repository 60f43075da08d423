// compose's db-init job: the database, one schema and login role per service, and every
// service's migrations applied as that service's own role.
import {
  bootstrapDatabase,
  migrate,
  migrationDirs,
  readServiceList,
  roleUrl,
} from "@turnout/provisioning";
import { dbPasswordVar, EnvReader } from "./job-env";
import { runJob } from "./run-job";

export interface DatabasePlan {
  /** A superuser URL (the postgres image's POSTGRES_USER). */
  adminUrl: string;
  database: string;
  services: { service: string; role: string; schema: string; password: string }[];
}

// Compose writes each password into the service's DATABASE_URL as is, so a character that
// means something in a URL would make the service log in with another password than the one
// set here; refusing it up front beats a puzzling authentication failure later.
const urlSafe = /^[A-Za-z0-9._~-]+$/;

/** What to create, from the job's environment and infra/postgres/services.json. */
export function databasePlan(
  env: NodeJS.ProcessEnv,
  list: ReturnType<typeof readServiceList> = readServiceList(),
): DatabasePlan {
  const reader = new EnvReader(env);
  const adminUrl = reader.get("DATABASE_ADMIN_URL");
  const services = list.services.map(({ service, role, schema }) => ({
    service,
    role,
    schema,
    password: reader.get(dbPasswordVar(service)),
  }));
  reader.done();
  const unsafe = services
    .filter((s) => !urlSafe.test(s.password))
    .map((s) => dbPasswordVar(s.service));
  if (unsafe.length > 0) {
    throw new Error(
      `${unsafe.join(", ")}: use only A-Z a-z 0-9 . _ ~ - (e.g. openssl rand -hex 24)`,
    );
  }
  return { adminUrl, database: list.database, services };
}

/** Idempotent: a second run resets the passwords to the plan's and applies new migrations only. */
export async function initDatabase(plan: DatabasePlan, log: (line: string) => void): Promise<void> {
  log(`creating database ${plan.database}, schemas and roles`);
  await bootstrapDatabase(plan.adminUrl, plan.database, plan.services);
  for (const { service, role, schema, password } of plan.services) {
    log(`migrating ${schema} as ${role}`);
    await migrate({
      roleUrl: roleUrl(plan.adminUrl, plan.database, role, password),
      schema,
      dirs: migrationDirs(service),
    });
  }
}

if (require.main === module) {
  runJob("db-init", (log) => initDatabase(databasePlan(process.env), log));
}
