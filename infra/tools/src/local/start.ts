// `npm start`: the whole platform on this machine. See README "Run".
import { relative } from "node:path";
import { repoRoot } from "@turnout/provisioning";
import { type ExternalInfrastructure, type GatewayLimits } from "@turnout/dev-stack";
import { z } from "zod";
import { demoUrls } from "./demo/demo-urls";
import { demoLogins, seedDemo } from "./demo/seed-demo";
import { startPlatform, type RunningPlatform } from "./platform";
import { localDir } from "./runner-state";

function externalFromEnv(env: NodeJS.ProcessEnv): ExternalInfrastructure {
  const external: ExternalInfrastructure = {};
  if (env.DATABASE_URL) external.databaseUrl = env.DATABASE_URL;
  if (env.KAFKA_BROKERS) external.kafkaBrokers = env.KAFKA_BROKERS.split(",").map((b) => b.trim());
  if (env.SMTP_URL) external.smtpUrl = env.SMTP_URL;
  if (env.VAULT_ADDR) {
    if (!env.VAULT_TOKEN)
      throw new Error("VAULT_ADDR is set: also set VAULT_TOKEN (a token that may bootstrap Vault)");
    external.vault = { addr: env.VAULT_ADDR, token: env.VAULT_TOKEN };
  }
  return external;
}

const rate = z.string().regex(/^[1-9]\d*r\/[sm]$/, "must be an nginx rate such as 300r/m");
const burst = z.string().regex(/^\d+$/, "must be a whole number").transform(Number);
const unsetIfBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    schema.optional(),
  );
const limitsEnv = z.object({
  TURNOUT_AUTH_RATE_LIMIT: unsetIfBlank(rate),
  TURNOUT_AUTH_BURST: unsetIfBlank(burst),
  TURNOUT_SESSION_RATE_LIMIT: unsetIfBlank(rate),
  TURNOUT_SESSION_BURST: unsetIfBlank(burst),
});

/** The gateway's per-address ceilings from TURNOUT_* variables (infra/nginx/README.md). */
function gatewayLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<GatewayLimits> {
  const parsed = limitsEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    throw new Error(`gateway limits: ${problems.join("; ")}`);
  }
  const given = parsed.data;
  const limits: Partial<GatewayLimits> = {};
  if (given.TURNOUT_AUTH_RATE_LIMIT) limits.authRateLimit = given.TURNOUT_AUTH_RATE_LIMIT;
  if (given.TURNOUT_AUTH_BURST !== undefined) limits.authBurst = given.TURNOUT_AUTH_BURST;
  if (given.TURNOUT_SESSION_RATE_LIMIT) limits.sessionRateLimit = given.TURNOUT_SESSION_RATE_LIMIT;
  if (given.TURNOUT_SESSION_BURST !== undefined) limits.sessionBurst = given.TURNOUT_SESSION_BURST;
  return limits;
}

function banner(platform: RunningPlatform, home: string, demo: boolean): string {
  const url = platform.gatewayUrl;
  const where = (standIn: boolean, name: string) =>
    standIn ? `${name} (development stand-in)` : `${name} (yours)`;
  return [
    "",
    "Turnout is running.",
    "",
    `  Web app              ${url}/`,
    `  API docs             ${url}/api/docs/`,
    `  Event catalogue      ${url}/api/asyncapi.json`,
    `  Public keys          ${url}/.well-known/jwks.json`,
    `  Ticket keys          ${url}/.well-known/ticket-keys.json`,
    ...(platform.mailViewerUrl ? [`  Mail (captured)      ${platform.mailViewerUrl}/`] : []),
    ...platform.services.map((s) => `  ${s.service.padEnd(21)}http://127.0.0.1:${s.port}/readyz`),
    "",
    `  Infrastructure       ${where(platform.standIns.postgres, "PostgreSQL")}, ${where(platform.standIns.broker, "Kafka")}, ${where(platform.standIns.vault, "Vault")}, ${where(platform.standIns.mail, "SMTP")}`,
    `  Data and logs        ${relative(process.cwd(), home) || "."}  (kept between starts)`,
    "",
    `  Admin login          ${platform.admin.email} / ${platform.admin.password}`,
    ...(demo
      ? demoLogins(platform.demoPassword)
      : ["  Demo data            npm start -- --demo  (or npm run demo while running)"]),
    "",
    "Ctrl-C stops everything.",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const home = localDir();
  const started = Date.now();
  const platform = await startPlatform({
    home,
    gatewayPort: Number(process.env.PORT ?? 8080),
    servicePorts: process.env.TURNOUT_SERVICE_PORTS === "free" ? "free" : "fixed",
    external: externalFromEnv(process.env),
    gatewayLimits: gatewayLimitsFromEnv(process.env),
    onProgress: (step) => {
      console.log(`… ${step}`);
    },
    onServiceError: (service, line) => {
      console.error(`[${service}] ${line}`);
    },
  });
  const demo = process.argv.includes("--demo") || process.env.TURNOUT_DEMO === "1";
  if (demo) {
    console.log("… seeding the demo (accounts, events, registrations)");
    await seedDemo(
      demoUrls(platform.serviceUrls),
      { adminPassword: platform.admin.password, demoPassword: platform.demoPassword },
      (line) => {
        console.log(`… ${line}`);
      },
    );
  }
  console.log(
    banner(platform, home, demo) + `(started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );

  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (++signals > 1) return;
    console.log(`\n${signal}: stopping the gateway, the services and the infrastructure…`);
    platform.stop().then(
      () => {
        console.log("stopped.");
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop).on("SIGTERM", stop);
}

process.chdir(repoRoot());
main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
