import { createServiceRuntime } from "@turnout/kit";
import { createApp } from "./app";
import { authSettings, loadServiceConfig, retentionSettings, SERVICE } from "./config";
import { createServiceDatabase } from "./data/database";
import { createVaultServiceClientSecrets } from "./data/service-clients";
import { createVaultSigningKeySource } from "./data/signing-key";
import { ensureFirstAdmin } from "./domain/accounts";
import { authPurgeJobs } from "./domain/purge-jobs";
import { profileUpdatedHandler } from "./events/profile-updated";
import { CONSUMED_TOPICS, userDeletedHandler } from "./events/user-deleted";

/** Wiring only: configuration, connections, HTTP and consumers, clean stop. */
async function main(): Promise<void> {
  const config = loadServiceConfig();
  const settings = authSettings(config);
  const runtime = createServiceRuntime(SERVICE, config);
  // Everything, Prisma included, runs on the runtime's one pool.
  const data = createServiceDatabase(runtime.pool, config.DATABASE_SCHEMA);
  runtime.addConsumer({
    groupId: SERVICE,
    topics: [...CONSUMED_TOPICS],
    handlers: [userDeletedHandler(), profileUpdatedHandler(runtime.logger)],
    database: data,
  });
  runtime.purges.add(...authPurgeJobs({ data, retention: retentionSettings(config) }));
  const signingKey = createVaultSigningKeySource({
    vault: runtime.vault,
    maxAgeMs: config.SIGNING_KEY_REFRESH_MS,
    onError: (error) =>
      runtime.logger.warn("re-reading the signing key failed; the cached key keeps signing", {
        error: String(error),
      }),
  });
  const readiness = [
    ...runtime.readiness,
    {
      name: "signing-key",
      check: async () => {
        await signingKey.current();
      },
    },
  ];

  if (config.ADMIN_EMAIL !== undefined && config.ADMIN_PASSWORD !== undefined) {
    const outcome = await ensureFirstAdmin(
      { data, emailVerificationTtlSeconds: settings.emailVerificationTtlSeconds },
      { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD },
    );
    if (outcome === "email_taken") {
      runtime.logger.warn("ADMIN_EMAIL belongs to a non-admin account; no admin was created");
    } else {
      runtime.logger.info("first admin", { outcome });
    }
  }

  await runtime.serve(
    createApp({
      logger: runtime.logger,
      data,
      readiness,
      keys: runtime.keys,
      signingKey,
      serviceClients: createVaultServiceClientSecrets({
        vault: runtime.vault,
        maxAgeMs: config.SERVICE_CLIENT_CACHE_MS,
      }),
      verifyUser: runtime.verifyUser,
      settings,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
