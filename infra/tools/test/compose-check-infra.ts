import { renderGatewayConfig, retryAfterSeconds } from "@turnout/dev-stack";
import { z } from "zod";
import { parseDockerfile, splitFlags } from "./compose-dockerfile";
import {
  buildTargetOf,
  commandOf,
  dependenciesOf,
  environmentOf,
  healthTestOf,
  isRequiredReference,
  volumeMountsOf,
  type ComposeFile,
  type ComposeInput,
  type ComposeViews,
} from "./compose-model";

/** host:port of each of Kafka's advertised client listeners (the controller's is not one). */
export function kafkaBrokersOf(file: ComposeFile): string[] {
  const env = environmentOf(file.services.kafka);
  const controller = env.KAFKA_CONTROLLER_LISTENER_NAMES ?? "CONTROLLER";
  return (env.KAFKA_ADVERTISED_LISTENERS ?? "")
    .split(",")
    .map((listener) => /^([A-Z_]+):\/\/(.+)$/.exec(listener.trim()))
    .filter((match) => match !== null && match[1] !== controller)
    .map((match) => match?.[2] ?? "");
}

const vaultConfig = z.object({
  storage: z.record(z.string(), z.looseObject({ path: z.string().optional() })),
  listener: z.array(
    z.object({ tcp: z.object({ address: z.string(), tls_disable: z.boolean().optional() }) }),
  ),
});

function readVaultConfig(file: ComposeFile): z.infer<typeof vaultConfig> | undefined {
  try {
    const text = environmentOf(file.services.vault).VAULT_LOCAL_CONFIG ?? "";
    return vaultConfig.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The address the other containers reach Vault at, from its own listener configuration. */
export function vaultAddressOf(file: ComposeFile): string | undefined {
  const tcp = readVaultConfig(file)?.listener[0]?.tcp;
  if (!tcp) return undefined;
  const port = tcp.address.split(":").at(-1) ?? "";
  return `${tcp.tls_disable === true ? "http" : "https"}://vault:${port}`;
}

/**
 * The gateway is the official nginx image rendering infra/nginx/gateway.conf.template with
 * envsubst: every placeholder set, upstreams at the services' ports, files where the roots say.
 */
export function checkGateway(views: ComposeViews, input: ComposeInput): string[] {
  const gateway = views.resolved.services.gateway;
  if (!gateway) return ["gateway: missing"];
  const problems: string[] = [];
  const say = (text: string) => problems.push(`gateway: ${text}`);
  const env = environmentOf(gateway);
  const template = input.gatewayTemplate;

  const placeholders = new Set(
    Array.from(template.matchAll(/\$\{([A-Za-z_]\w*)\}/g), (m) => m[1] ?? ""),
  );
  for (const name of placeholders) {
    if (!Object.hasOwn(env, name)) say(`placeholder ${name} of the template is not set`);
  }
  // envsubst replaces $NAME as well as ${NAME} for every variable the container defines.
  for (const match of template.matchAll(/\$([A-Z_][A-Z0-9_]*)/g)) {
    say(`the template writes $${match[1] ?? ""} unbraced: envsubst would replace it`);
  }
  try {
    renderGatewayConfig(env, template);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
  }
  if (env.NGINX_ENVSUBST_OUTPUT_DIR !== "/etc/nginx") {
    say("NGINX_ENVSUBST_OUTPUT_DIR must be /etc/nginx so the template replaces nginx.conf");
  }
  for (const { service, port, area } of input.serviceList.services) {
    const name = `${area.toUpperCase()}_UPSTREAM`;
    if (env[name] !== `${service}:${port}`) say(`${name} must be ${service}:${port}`);
    if (dependenciesOf(gateway)[service] !== "service_healthy") {
      say(`must depend on ${service} (service_healthy)`);
    }
  }
  for (const zone of ["AUTH", "SESSION"]) {
    try {
      const retryAfter = String(retryAfterSeconds(env[`${zone}_RATE_LIMIT`] ?? ""));
      if (env[`${zone}_RETRY_AFTER`] !== retryAfter) {
        say(`${zone}_RETRY_AFTER must be ${retryAfter}`);
      }
    } catch (error) {
      say(error instanceof Error ? error.message : String(error));
    }
    if (!/^\d+$/.test(env[`${zone}_BURST`] ?? "")) say(`${zone}_BURST must be a whole number`);
  }
  const port = env.LISTEN_PORT ?? "";
  const rawPorts = (views.raw.services.gateway?.ports ?? []).map(String);
  if (!rawPorts.includes(`\${GATEWAY_PORT:-8080}:${port}`)) {
    say(`must publish \${GATEWAY_PORT:-8080}:${port}`);
  }
  if (!healthTestOf(gateway).includes(`:${port}/`)) say(`the healthcheck must probe port ${port}`);

  const target = buildTargetOf(gateway);
  const stage = parseDockerfile(input.dockerfile).stages.find((s) => s.name === target);
  if (!stage) return [...problems, "gateway: must be built from a stage of the Dockerfile"];
  if (!stage.from.startsWith("nginx:")) say("its stage must build on the official nginx image");
  const copies = stage.instructions
    .filter((i) => i.keyword === "COPY")
    .map((i) => splitFlags(i.args).words)
    .map((words) => ({
      sources: words.slice(0, -1),
      destination: (words.at(-1) ?? "").replace(/\/$/, ""),
    }));
  const copied = (destination: string | undefined) =>
    copies.some((c) => c.destination === destination);
  if (!copied(env.WEB_ROOT)) say("WEB_ROOT is not where the Dockerfile puts the web app");
  if (!copied(env.DOCS_ROOT)) say("DOCS_ROOT is not where the Dockerfile puts the docs site");
  const templateCopy = copies.find((c) => c.sources.includes("infra/nginx/gateway.conf.template"));
  if (
    !templateCopy ||
    !/^\/etc\/nginx\/templates\/[^/]+\.template$/.test(templateCopy.destination)
  ) {
    say("the Dockerfile must copy the gateway template into /etc/nginx/templates/");
  }
  return problems;
}

/** A named volume is mounted at `path`: the data survives `docker compose down`. */
function persisted(file: ComposeFile, service: string, path: string | undefined): boolean {
  return volumeMountsOf(file.services[service]).some(
    (m) => m.target === path && Object.hasOwn(file.volumes ?? {}, m.source),
  );
}

/** PostgreSQL, Kafka in KRaft mode, Vault in server mode, Mailpit: the real servers, kept. */
export function checkInfrastructure(views: ComposeViews): string[] {
  const problems: string[] = [];
  const { resolved, raw } = views;
  for (const name of ["postgres", "kafka", "vault", "mailpit"]) {
    if (!resolved.services[name]) problems.push(`${name}: missing`);
  }

  const postgres = resolved.services.postgres;
  if (!postgres?.image?.startsWith("postgres:"))
    problems.push("postgres: must be the official postgres image");
  const pgPassword = environmentOf(raw.services.postgres).POSTGRES_PASSWORD;
  if (!isRequiredReference(pgPassword, "POSTGRES_PASSWORD")) {
    problems.push("postgres: POSTGRES_PASSWORD must be ${POSTGRES_PASSWORD:?...}");
  }
  if (!healthTestOf(postgres).includes("pg_isready"))
    problems.push("postgres: the healthcheck must run pg_isready");
  if (!persisted(resolved, "postgres", "/var/lib/postgresql")) {
    problems.push(
      "postgres: needs a named volume at /var/lib/postgresql (PGDATA of the 18 image lives below it)",
    );
  }

  const kafka = environmentOf(resolved.services.kafka);
  if (!resolved.services.kafka?.image?.startsWith("apache/kafka:"))
    problems.push("kafka: must be apache/kafka");
  const roles = (kafka.KAFKA_PROCESS_ROLES ?? "").split(",").map((r) => r.trim());
  if (!roles.includes("broker") || !roles.includes("controller") || kafka.KAFKA_ZOOKEEPER_CONNECT) {
    problems.push("kafka: must run as a KRaft broker and controller, without ZooKeeper");
  }
  if (!kafka.CLUSTER_ID) problems.push("kafka: CLUSTER_ID must be set (KRaft storage format)");
  if (kafkaBrokersOf(resolved).length === 0) problems.push("kafka: no advertised client listener");
  if (kafka.KAFKA_AUTO_CREATE_TOPICS_ENABLE !== "false") {
    problems.push(
      "kafka: topics come from kafka-init only: KAFKA_AUTO_CREATE_TOPICS_ENABLE must be false",
    );
  }
  if (!persisted(resolved, "kafka", kafka.KAFKA_LOG_DIRS))
    problems.push("kafka: KAFKA_LOG_DIRS must be a named volume");

  const vault = resolved.services.vault;
  if (!vault?.image?.startsWith("hashicorp/vault:"))
    problems.push("vault: must be hashicorp/vault");
  const command = commandOf(vault);
  if (!command.includes("server") || command.some((word) => word.startsWith("-dev"))) {
    problems.push("vault: must run in server mode, not dev mode");
  }
  const config = readVaultConfig(resolved);
  const storagePath = Object.values(config?.storage ?? {})[0]?.path;
  if (!config || !persisted(resolved, "vault", storagePath)) {
    problems.push("vault: VAULT_LOCAL_CONFIG must give a storage path on a named volume");
  }
  if (vaultAddressOf(resolved) === undefined)
    problems.push("vault: no tcp listener in VAULT_LOCAL_CONFIG");

  if (dependenciesOf(resolved.services["notification-service"]).mailpit !== "service_healthy") {
    problems.push("notification-service: must depend on mailpit (service_healthy)");
  }
  return problems;
}
