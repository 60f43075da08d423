import { createPgListener, type Logger, type PgListener, type VaultClient } from "@turnout/kit";
import type { WebhookSettings } from "../config";
import type { ServiceDatabase } from "../data/database";
import type { FlowContext } from "../events/deliver";
import type { WebhookApiDeps } from "./api-deps";
import { createWebhookDispatcher, type WebhookDispatcher } from "./dispatcher";
import { checkDestination, createWebhookSender } from "./outbound";
import { loadSecretBox } from "./secret-box";

export interface Webhooks {
  api: WebhookApiDeps;
  dispatcher: WebhookDispatcher;
  /** LISTENs on `<schema>_webhooks` (new deliveries, from any replica) to wake the dispatcher. */
  listener: PgListener;
}

/** The webhook side of one replica: the routes' dependencies, the dispatcher and its wake-up. */
export async function createWebhooks(options: {
  data: ServiceDatabase;
  vault: VaultClient;
  settings: WebhookSettings;
  flow: FlowContext;
  logger: Logger;
}): Promise<Webhooks> {
  const { data, settings, logger } = options;
  const secrets = await loadSecretBox(options.vault);
  const guard = { allowedCidrs: settings.allowedCidrs, allowHttp: settings.allowHttp };
  const dispatcher = createWebhookDispatcher({
    data,
    sender: createWebhookSender({
      ...guard,
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
    }),
    secrets,
    settings,
    flow: options.flow,
    logger,
  });
  const listener = createPgListener({
    pool: data.pool,
    channels: ["webhooks"],
    logger,
    onNotification: () => {
      dispatcher.wake();
    },
    onReconnect: () => {
      dispatcher.wake();
    },
  });
  return {
    api: { settings, secrets, checkUrl: (url) => checkDestination(url, guard) },
    dispatcher,
    listener,
  };
}
