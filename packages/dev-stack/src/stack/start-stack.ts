import { randomBytes } from "node:crypto";
import { join } from "node:path";
import nodeVault from "node-vault";
import {
  bootstrapDatabase,
  bootstrapVault,
  ensureTopics,
  migrate,
  migrationDirs,
  readServiceList,
  readTopicList,
  roleUrl,
} from "@turnout/provisioning";
import { startBroker } from "../broker/start-broker";
import { startMailServer } from "../mail/mail-server";
import { startPostgres } from "../postgres/start-postgres";
import { startVaultServer } from "../vault/vault-server";
import type { StackInfo } from "./stack-info";

/**
 * Real infrastructure to use instead of a stand-in (DATABASE_URL, KAFKA_BROKERS, VAULT_ADDR,
 * SMTP_URL).
 */
export interface ExternalInfrastructure {
  /** A URL of a role allowed to create databases, roles and schemas. */
  databaseUrl?: string;
  kafkaBrokers?: string[];
  /** A Vault token allowed to mount, write policies and create AppRoles. */
  vault?: { addr: string; token: string };
  /** A real SMTP server (`smtp://host:port`) instead of the mail catcher. */
  smtpUrl?: string;
}

export interface StartStackOptions {
  /** Working folder: the PostgreSQL cluster lives in `<dir>/postgres`. */
  dir: string;
  /** Throw-away data and fast, non-durable PostgreSQL: tests. */
  ephemeral: boolean;
  /** Fixed credentials for a cluster that is started again (the local runner keeps them). */
  passwords?: { superuser: string; roles: Record<string, string> };
  /** Vault state survives restarts in this file (the local runner); tests keep it in memory. */
  vaultDataFile?: string;
  vaultRootToken?: string;
  external?: ExternalInfrastructure;
  /** Fixed ports for the mail catcher (the local runner); free ones otherwise. */
  mailPorts?: { smtp: number; api: number };
  onProgress?: (step: string) => void;
}

export interface RunningStack {
  info: StackInfo;
  passwords: { superuser: string; roles: Record<string, string> };
  /** Which parts are development stand-ins started here (the rest was given by address). */
  standIns: { postgres: boolean; broker: boolean; vault: boolean; mail: boolean };
  stop(): Promise<void>;
}

const newPassword = (): string => randomBytes(18).toString("base64url");

/**
 * PostgreSQL with every service's schema, role and migrations; the Kafka topics; Vault with
 * policies, AppRoles and a first key pair; a mail catcher. Each part is a development stand-in
 * unless `external` names the real one.
 */
export async function startStack(options: StartStackOptions): Promise<RunningStack> {
  const progress = options.onProgress ?? (() => undefined);
  const external = options.external ?? {};
  const list = readServiceList();
  const superuser = options.passwords?.superuser ?? newPassword();
  const rolePasswords = Object.fromEntries(
    list.services.map((s) => [s.role, options.passwords?.roles[s.role] ?? newPassword()]),
  );
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };

  try {
    let serverUrl = external.databaseUrl;
    if (!serverUrl) {
      progress("starting PostgreSQL");
      const pg = await startPostgres({
        dataDir: join(options.dir, "postgres"),
        password: superuser,
        ephemeral: options.ephemeral,
      });
      stops.push(() => pg.stop());
      serverUrl = pg.adminUrl;
    }

    progress("creating schemas and roles");
    await bootstrapDatabase(
      serverUrl,
      list.database,
      list.services.map((s) => ({
        role: s.role,
        schema: s.schema,
        password: rolePasswords[s.role] ?? "",
      })),
    );
    const services: StackInfo["database"]["services"] = {};
    for (const s of list.services) {
      const password = rolePasswords[s.role] ?? "";
      const url = roleUrl(serverUrl, list.database, s.role, password);
      progress(`migrating ${s.schema}`);
      await migrate({ roleUrl: url, schema: s.schema, dirs: migrationDirs(s.service) });
      services[s.service] = { role: s.role, schema: s.schema, password, url };
    }

    let brokers = external.kafkaBrokers;
    if (brokers) {
      progress("creating Kafka topics");
      await ensureTopics(brokers, readTopicList());
    } else {
      progress("starting the Kafka-protocol broker");
      const broker = await startBroker();
      stops.push(() => broker.stop());
      brokers = broker.brokers.split(",");
    }

    let vault = external.vault;
    if (!vault) {
      progress("starting the Vault development server");
      const server = await startVaultServer({
        ...(options.vaultDataFile ? { dataFile: options.vaultDataFile } : {}),
        ...(options.vaultRootToken ? { rootToken: options.vaultRootToken } : {}),
      });
      stops.push(() => server.stop());
      vault = { addr: server.addr, token: server.rootToken };
    }
    progress("bootstrapping Vault: policies, AppRoles, first key pair");
    const admin = nodeVault({ endpoint: vault.addr, token: vault.token });
    const { approles } = await bootstrapVault({
      client: admin,
      services: list.services.map((s) => s.service),
    });

    let mail: StackInfo["mail"] = external.smtpUrl ? { smtpUrl: external.smtpUrl } : undefined;
    if (!mail) {
      progress("starting the development mail catcher");
      const catcher = await startMailServer({
        ...(options.mailPorts
          ? { smtpPort: options.mailPorts.smtp, apiPort: options.mailPorts.api }
          : {}),
      });
      stops.push(() => catcher.stop());
      mail = { smtpUrl: catcher.smtpUrl, apiUrl: catcher.apiUrl };
    }

    const adminUrl = new URL(serverUrl);
    adminUrl.pathname = "/" + list.database;
    return {
      info: {
        database: { adminUrl: adminUrl.toString(), name: list.database, services },
        kafka: { brokers },
        vault: { addr: vault.addr, rootToken: vault.token, approles },
        mail,
      },
      passwords: { superuser, roles: rolePasswords },
      standIns: {
        postgres: !external.databaseUrl,
        broker: !external.kafkaBrokers,
        vault: !external.vault,
        mail: !external.smtpUrl,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
