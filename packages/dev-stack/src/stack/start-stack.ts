import { randomBytes } from "node:crypto";
import { join } from "node:path";
import nodeVault from "node-vault";
import { startBroker, type DevBroker } from "../broker/start-broker";
import { bootstrapDatabase } from "../postgres/bootstrap-database";
import { migrate, migrationDirs } from "../postgres/migrate";
import { readServiceList, roleUrl } from "../postgres/service-databases";
import { startPostgres, type RunningPostgres } from "../postgres/start-postgres";
import { bootstrapVault } from "../vault/bootstrap";
import { startVaultServer } from "../vault/vault-server";
import type { StackInfo } from "./stack-info";

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
  onProgress?: (step: string) => void;
}

export interface RunningStack {
  info: StackInfo;
  passwords: { superuser: string; roles: Record<string, string> };
  stop(): Promise<void>;
}

const newPassword = (): string => randomBytes(18).toString("base64url");

/** PostgreSQL with every service's schema, role and migrations, then the Kafka-protocol broker. */
export async function startStack(options: StartStackOptions): Promise<RunningStack> {
  const progress = options.onProgress ?? (() => undefined);
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
    progress("starting PostgreSQL");
    const pg: RunningPostgres = await startPostgres({
      dataDir: join(options.dir, "postgres"),
      password: superuser,
      ephemeral: options.ephemeral,
    });
    stops.push(() => pg.stop());

    progress("creating schemas and roles");
    await bootstrapDatabase(
      pg.adminUrl,
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
      const url = roleUrl(pg.adminUrl, list.database, s.role, password);
      progress(`migrating ${s.schema}`);
      await migrate({ roleUrl: url, schema: s.schema, dirs: migrationDirs(s.service) });
      services[s.service] = { role: s.role, schema: s.schema, password, url };
    }

    progress("starting the Kafka-protocol broker");
    const broker: DevBroker = await startBroker();
    stops.push(() => broker.stop());

    progress("starting the Vault development server");
    const vault = await startVaultServer({
      ...(options.vaultDataFile ? { dataFile: options.vaultDataFile } : {}),
      ...(options.vaultRootToken ? { rootToken: options.vaultRootToken } : {}),
    });
    stops.push(() => vault.stop());
    progress("bootstrapping Vault: policies, AppRoles, first key pair");
    const admin = nodeVault({ endpoint: vault.addr, token: vault.rootToken });
    const { approles } = await bootstrapVault({
      client: admin,
      services: list.services.map((s) => s.service),
    });

    const adminUrl = new URL(pg.adminUrl);
    adminUrl.pathname = "/" + list.database;
    return {
      info: {
        database: { adminUrl: adminUrl.toString(), name: list.database, services },
        kafka: { brokers: broker.brokers.split(",") },
        vault: { addr: vault.addr, rootToken: vault.rootToken, approles },
      },
      passwords: { superuser, roles: rolePasswords },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
