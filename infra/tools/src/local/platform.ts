import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readServiceList, repoRoot } from "@turnout/provisioning";
import {
  freePort,
  serviceEnvironment,
  startNginx,
  startServiceProcess,
  startStack,
  waitUntilReady,
  type ExternalInfrastructure,
  type GatewayArea,
  type GatewayLimits,
  type ServiceProcess,
} from "@turnout/dev-stack";
import { LOCAL_ADMIN_EMAIL } from "./demo/demo-data";
import { loadOrCreateSecrets } from "./local-secrets";
import { clearRunnerState, writeRunnerState } from "./runner-state";

export interface PlatformOptions {
  /** Where data, passwords and logs live; a second start with the same folder reuses them. */
  home: string;
  gatewayPort: number;
  /** `fixed`: the ports in infra/postgres/services.json; `free`: any free ones (tests). */
  servicePorts: "fixed" | "free";
  external: ExternalInfrastructure;
  /** The gateway's per-address ceilings; each unset one is the gateway's default. */
  gatewayLimits?: Partial<GatewayLimits>;
  onProgress: (step: string) => void;
  onServiceError: (service: string, line: string) => void;
}

export interface RunningPlatform {
  gatewayUrl: string;
  /** Service name → base URL on this machine. */
  serviceUrls: Record<string, string>;
  /** The local run's first admin and the demo accounts' password (secrets.json). */
  admin: { email: string; password: string };
  demoPassword: string;
  /** The development mail catcher's viewer (`/` a page, `/messages` JSON); none with SMTP_URL. */
  mailViewerUrl?: string;
  services: { service: string; port: number; logFile: string }[];
  standIns: { postgres: boolean; broker: boolean; vault: boolean; mail: boolean };
  stop(): Promise<void>;
}

/** The whole platform on one machine: stack, five services, gateway. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const list = readServiceList();
  const secrets = loadOrCreateSecrets(
    options.home,
    list.services.map((s) => s.role),
  );
  const logDir = join(options.home, "logs");
  mkdirSync(logDir, { recursive: true });

  const stack = await startStack({
    dir: options.home,
    ephemeral: false,
    passwords: { superuser: secrets.superuser, roles: secrets.roles },
    vaultDataFile: join(options.home, "vault.json"),
    vaultRootToken: secrets.vaultRootToken,
    external: options.external,
    onProgress: options.onProgress,
    // Mailpit's ports, so the mail viewer stays at one address; free ones for tests.
    ...(options.servicePorts === "fixed" ? { mailPorts: { smtp: 1025, api: 8025 } } : {}),
  });
  const processes: ServiceProcess[] = [];
  const stopServices = () => Promise.all(processes.map((p) => p.stop()));

  try {
    options.onProgress("starting the five services");
    const upstreams: Partial<Record<GatewayArea, string>> = {};
    const ports: Record<string, number> = {};
    for (const { service, area, port: fixed } of list.services) {
      ports[service] = options.servicePorts === "fixed" ? fixed : await freePort();
      upstreams[area as GatewayArea] = `127.0.0.1:${ports[service]}`;
    }
    const peers = Object.fromEntries(
      Object.entries(ports).map(([service, port]) => [service, `http://127.0.0.1:${port}`]),
    );
    for (const { service } of list.services) {
      const port = ports[service] ?? 0;
      const env = {
        ...process.env,
        ...serviceEnvironment(stack.info, service, {
          port,
          devBroker: stack.standIns.broker,
          peers,
        }),
        ...adminEnvironment(service, secrets.adminPassword),
        ...(service === "user-service" ? { AVATAR_DIR: join(options.home, "avatars") } : {}),
        // Links in mails (verify email, reset password) and calendar files point at this gateway.
        ...(service === "notification-service" || service === "registration-service"
          ? { PUBLIC_URL: `http://127.0.0.1:${options.gatewayPort}` }
          : {}),
      };
      processes.push(
        startServiceProcess(service, port, env, logDir, (line) => {
          options.onServiceError(service, line);
        }),
      );
    }
    await Promise.all(processes.map((p) => waitUntilReady(p)));

    options.onProgress("starting the nginx gateway");
    const nginx = await startNginx({
      dir: join(options.home, "nginx"),
      port: options.gatewayPort,
      upstreams,
      webRoot: join(repoRoot(), "web", "dist"),
      docsRoot: join(repoRoot(), ".turnout", "docs-site"),
      ...options.gatewayLimits,
    });

    writeRunnerState({
      gatewayUrl: nginx.url,
      database: { adminUrl: stack.info.database.adminUrl },
      kafka: { brokers: stack.info.kafka.brokers },
      services: peers,
      vault: { addr: stack.info.vault?.addr ?? "", token: stack.info.vault?.rootToken ?? "" },
    });

    let stopping: Promise<void> | undefined;
    return {
      gatewayUrl: nginx.url,
      serviceUrls: peers,
      admin: adminAccount(secrets.adminPassword),
      demoPassword: secrets.demoPassword,
      ...(stack.info.mail?.apiUrl ? { mailViewerUrl: stack.info.mail.apiUrl } : {}),
      services: processes.map((p) => ({ service: p.service, port: p.port, logFile: p.logFile })),
      standIns: stack.standIns,
      stop: () =>
        (stopping ??= (async () => {
          clearRunnerState();
          await nginx.stop();
          await stopServices();
          await stack.stop();
        })()),
    };
  } catch (error) {
    await stopServices();
    await stack.stop();
    throw error;
  }
}

/** `ADMIN_EMAIL` set by the person running it wins over the local run's own admin. */
function adminAccount(password: string): { email: string; password: string } {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = process.env;
  return ADMIN_EMAIL && ADMIN_PASSWORD
    ? { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }
    : { email: LOCAL_ADMIN_EMAIL, password };
}

function adminEnvironment(service: string, password: string): Record<string, string> {
  if (service !== "auth-service") return {};
  const admin = adminAccount(password);
  return {
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    // The demo seed signs its accounts in without opening their mails; everywhere else an
    // account signs in once its email is confirmed (auth README "Registration").
    LOGIN_REQUIRES_VERIFIED_EMAIL: process.env.LOGIN_REQUIRES_VERIFIED_EMAIL ?? "false",
  };
}
