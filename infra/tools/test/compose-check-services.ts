import { V8_FLAGS } from "@turnout/dev-stack";
import { databasePlan } from "../src/compose/db-init";
import { dbPasswordVar, vaultRoleIdVar, vaultSecretIdVar } from "../src/compose/job-env";
import { vaultPlan } from "../src/compose/vault-init";
import { kafkaBrokersOf, vaultAddressOf } from "./compose-check-infra";
import {
  buildTargetOf,
  commandOf,
  dependenciesOf,
  environmentOf,
  healthTestOf,
  isRequiredReference,
  volumeMountsOf,
  type ComposeInput,
  type ComposeService,
  type ComposeViews,
} from "./compose-model";

const SERVICE_NEEDS: Record<string, string> = {
  postgres: "service_healthy",
  kafka: "service_healthy",
  vault: "service_healthy",
  "db-init": "service_completed_successfully",
  "kafka-init": "service_completed_successfully",
  "vault-init": "service_completed_successfully",
};

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** The password written between `user:` and `@` of a URL as it stands in the file. */
const rawUrlPassword = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : /^[a-z]+:\/\/[^:@/]+:(.*)@[^@]*$/.exec(value)?.[1];

function parseUrl(value: string | undefined): URL | undefined {
  try {
    return value === undefined ? undefined : new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Each service of infra/postgres/services.json: run from the application image as its own
 * role, with an environment its own config schema accepts, pointing at the compose services.
 */
export function checkApplicationServices(views: ComposeViews, input: ComposeInput): string[] {
  const problems: string[] = [];
  const brokers = kafkaBrokersOf(views.resolved);
  const vaultAddr = vaultAddressOf(views.resolved);
  for (const entry of input.serviceList.services) {
    const { service } = entry;
    const resolved = views.resolved.services[service];
    const raw = views.raw.services[service];
    if (!resolved || !raw) {
      problems.push(`${service}: missing from docker-compose.yml`);
      continue;
    }
    const say = (text: string) => problems.push(`${service}: ${text}`);
    if (buildTargetOf(resolved) !== "runtime")
      say("must be built from the Dockerfile's runtime stage");
    const command = ["node", ...V8_FLAGS, `${service}/dist/main.js`].join(" ");
    if (commandOf(resolved).join(" ") !== command) {
      say(`command must be ${command} (the local runner's V8 flags)`);
    }
    if (!input.exists(`${service}/src/main.ts`)) say(`${service}/src/main.ts does not exist`);
    if (!healthTestOf(resolved).includes("/readyz")) say("the healthcheck must probe /readyz");
    const dependencies = dependenciesOf(resolved);
    for (const [dependency, condition] of Object.entries(SERVICE_NEEDS)) {
      if (dependencies[dependency] !== condition)
        say(`must depend on ${dependency} (${condition})`);
    }

    const env = environmentOf(resolved);
    const rawEnv = environmentOf(raw);
    problems.push(...checkConfig(service, env, input, { ...entry, brokers, vaultAddr }));

    const url = parseUrl(env.DATABASE_URL);
    const database = input.serviceList.database;
    if (
      !url ||
      url.username !== entry.role ||
      url.hostname !== "postgres" ||
      !["", "5432"].includes(url.port) ||
      url.pathname !== `/${database}`
    ) {
      say(`DATABASE_URL must be postgres://${entry.role}:<password>@postgres:5432/${database}`);
    }
    if (!isRequiredReference(rawUrlPassword(rawEnv.DATABASE_URL), dbPasswordVar(service))) {
      say(`DATABASE_URL's password must be \${${dbPasswordVar(service)}:?...}`);
    }
    if (!isRequiredReference(rawEnv.VAULT_ROLE_ID, vaultRoleIdVar(service))) {
      say(`VAULT_ROLE_ID must be \${${vaultRoleIdVar(service)}:?...}`);
    }
    if (!isRequiredReference(rawEnv.VAULT_SECRET_ID, vaultSecretIdVar(service))) {
      say(`VAULT_SECRET_ID must be \${${vaultSecretIdVar(service)}:?...}`);
    }
    if (rawEnv.VAULT_TOKEN !== undefined)
      say("VAULT_TOKEN is the development shortcut: use AppRole");
  }
  return problems;
}

/** Read by Node, libuv or glibc, not by the service's config (docs/benchmarks.md). */
const RUNTIME_VARIABLES = new Set([
  "UV_THREADPOOL_SIZE",
  "NODE_OPTIONS",
  "MALLOC_ARENA_MAX",
  "MALLOC_MMAP_THRESHOLD_",
]);

/** The environment through the service's own zod schema, as the service parses it at start. */
function checkConfig(
  service: string,
  env: Record<string, string>,
  input: ComposeInput,
  want: { port: number; schema: string; brokers: string[]; vaultAddr: string | undefined },
): string[] {
  const schema = input.configSchemas[service];
  if (!schema) return [`${service}: no configSchema to check its environment with`];
  const problems = Object.keys(env)
    .filter((name) => !Object.hasOwn(schema.shape, name) && !RUNTIME_VARIABLES.has(name))
    .map((name) => `${service}: environment ${name} is not a variable the service reads`);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    return [
      ...problems,
      ...parsed.error.issues.map(
        (issue) => `${service}: config ${issue.path.join(".") || "(all)"}: ${issue.message}`,
      ),
    ];
  }
  const config = parsed.data;
  const say = (text: string) => problems.push(`${service}: ${text}`);
  if (config.PORT !== want.port) say(`PORT must be ${want.port} (infra/postgres/services.json)`);
  if (config.DATABASE_SCHEMA !== want.schema) say(`DATABASE_SCHEMA must be ${want.schema}`);
  if (JSON.stringify(config.KAFKA_BROKERS) !== JSON.stringify(want.brokers)) {
    say(`KAFKA_BROKERS must be Kafka's advertised listener ${want.brokers.join(",")}`);
  }
  if (config.VAULT_ADDR !== want.vaultAddr)
    say(`VAULT_ADDR must be ${want.vaultAddr ?? "Vault's"}`);
  return problems;
}

/** The script a job runs: `node --import tsx infra/tools/src/compose/<job>.ts`. */
function checkJobCommand(job: string, service: ComposeService, input: ComposeInput): string[] {
  const script = `infra/tools/src/compose/${job}.ts`;
  const problems: string[] = [];
  if (buildTargetOf(service) !== "runtime") problems.push(`${job}: must run the runtime image`);
  if (commandOf(service).join(" ") !== `node --import tsx ${script}`) {
    problems.push(`${job}: command must be node --import tsx ${script}`);
  }
  if (!input.exists(script)) problems.push(`${job}: ${script} does not exist`);
  return problems;
}

/** db-init, kafka-init and vault-init get what their own planners need, and the same secrets as the services. */
export function checkJobs(views: ComposeViews, input: ComposeInput): string[] {
  const problems: string[] = [];
  const { services } = input.serviceList;
  const job = (name: string) => ({
    raw: environmentOf(views.raw.services[name]),
    env: environmentOf(views.resolved.services[name]),
    service: views.resolved.services[name],
  });

  const db = job("db-init");
  if (db.service) problems.push(...checkJobCommand("db-init", db.service, input));
  const admin = parseUrl(db.env.DATABASE_ADMIN_URL);
  if (!admin || admin.hostname !== "postgres" || admin.username !== "postgres") {
    problems.push("db-init: DATABASE_ADMIN_URL must reach postgres as the postgres superuser");
  }
  if (!isRequiredReference(rawUrlPassword(db.raw.DATABASE_ADMIN_URL), "POSTGRES_PASSWORD")) {
    problems.push("db-init: DATABASE_ADMIN_URL's password must be ${POSTGRES_PASSWORD:?...}");
  }
  try {
    const plan = databasePlan(db.env, input.serviceList);
    for (const { service, password } of plan.services) {
      const url = parseUrl(environmentOf(views.resolved.services[service]).DATABASE_URL);
      if (url && decodeURIComponent(url.password) !== password) {
        problems.push(
          `db-init: sets another password for ${service}'s role than its DATABASE_URL holds`,
        );
      }
    }
  } catch (error) {
    problems.push(`db-init: ${message(error)}`);
  }
  for (const { service } of services) {
    if (!isRequiredReference(db.raw[dbPasswordVar(service)], dbPasswordVar(service))) {
      problems.push(
        `db-init: ${dbPasswordVar(service)} must be \${${dbPasswordVar(service)}:?...}`,
      );
    }
  }

  const kafka = job("kafka-init");
  if (kafka.service) problems.push(...checkJobCommand("kafka-init", kafka.service, input));
  if (kafka.env.KAFKA_BROKERS !== kafkaBrokersOf(views.resolved).join(",")) {
    problems.push("kafka-init: KAFKA_BROKERS must be Kafka's advertised listener");
  }

  const vault = job("vault-init");
  if (vault.service) problems.push(...checkJobCommand("vault-init", vault.service, input));
  if (vault.env.VAULT_ADDR !== vaultAddressOf(views.resolved)) {
    problems.push("vault-init: VAULT_ADDR must be Vault's listener");
  }
  problems.push(...checkKeyVolume(views, vault.env.VAULT_KEY_FILE));
  try {
    const plan = vaultPlan(vault.env, input.serviceList);
    for (const { service } of services) {
      const env = environmentOf(views.resolved.services[service]);
      const given = plan.credentials[service];
      if (given?.roleId !== env.VAULT_ROLE_ID || given?.secretId !== env.VAULT_SECRET_ID) {
        problems.push(`vault-init: pins other AppRole credentials than ${service} logs in with`);
      }
    }
  } catch (error) {
    problems.push(`vault-init: ${message(error)}`);
  }
  for (const { service } of services) {
    for (const name of [vaultRoleIdVar(service), vaultSecretIdVar(service)]) {
      if (!isRequiredReference(vault.raw[name], name)) {
        problems.push(`vault-init: ${name} must be \${${name}:?...}`);
      }
    }
  }
  return problems;
}

/** The unseal key and root token live on a named volume that only vault-init mounts. */
function checkKeyVolume(views: ComposeViews, keyFile: string | undefined): string[] {
  if (!keyFile) return ["vault-init: VAULT_KEY_FILE is not set"];
  const mounts = volumeMountsOf(views.resolved.services["vault-init"]);
  const mount = mounts.find((m) => keyFile.startsWith(`${m.target.replace(/\/$/, "")}/`));
  if (!mount || !Object.hasOwn(views.resolved.volumes ?? {}, mount.source)) {
    return ["vault-init: VAULT_KEY_FILE must be on a named volume"];
  }
  const sharers = Object.entries(views.resolved.services)
    .filter(
      ([name, service]) =>
        name !== "vault-init" && volumeMountsOf(service).some((m) => m.source === mount.source),
    )
    .map(([name]) => name);
  return sharers.length > 0
    ? [`vault-init: the volume holding Vault's unseal key is also mounted by ${sharers.join(", ")}`]
    : [];
}
