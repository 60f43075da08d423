import type { StackInfo } from "./stack-info";

/** `event-service` → `EVENT_SERVICE_URL`: where a service finds a peer it calls over HTTP. */
export const peerUrlVariable = (service: string): string =>
  `${service.toUpperCase().replaceAll("-", "_")}_URL`;

/** Local stacks: webhooks may go to a receiver on loopback, over http. */
const LOCAL_WEBHOOKS = {
  WEBHOOK_ALLOWED_CIDRS: "127.0.0.1/32,::1/128",
  WEBHOOK_ALLOW_HTTP: "true",
};

/**
 * The environment one service gets on a stack: its own database role and schema, its AppRole,
 * the brokers, and the base URL of every peer it may call (`AUTH_SERVICE_URL`, ...).
 */
/**
 * What services need on the development broker, which answers a waiting fetch only when its
 * wait ends (never early when data arrives, as Kafka does): work consumers wait 30 ms, so a
 * message waits at most that long (`npm run bench -- notify` shows the share); the revocation
 * consumer of every replica waits 500 ms, a revoked session's last half second. Every idle
 * fetch costs CPU (`npm run bench -- idle`), so a consumer whose last 20 fetches were empty
 * waits 500 ms per fetch until messages come again; docs/benchmarks.md has the measurements.
 */
export const DEV_BROKER_ENV: Record<string, string> = {
  KAFKA_MAX_WAIT_MS: "30",
  KAFKA_REVOCATION_MAX_WAIT_MS: "500",
  KAFKA_IDLE_MAX_WAIT_MS: "500",
};

export function serviceEnvironment(
  info: StackInfo,
  service: string,
  options: {
    port: number;
    devBroker: boolean;
    logLevel?: string;
    /** Peer service name → base URL, e.g. `{"auth-service": "http://127.0.0.1:4001"}`. */
    peers?: Readonly<Record<string, string>>;
  },
): Record<string, string> {
  const db = info.database.services[service];
  const approle = info.vault?.approles[service];
  if (!db || !info.vault || !approle) throw new Error(`the stack has no ${service}`);
  const peers = Object.entries(options.peers ?? {}).filter(([peer]) => peer !== service);
  return {
    PORT: String(options.port),
    // This machine only, behind the gateway on loopback: the address a local service binds,
    // and the only peers whose X-Forwarded-For it believes (the kit's defaults, said here).
    LISTEN_HOST: "127.0.0.1",
    TRUSTED_PROXIES: "loopback",
    LOG_LEVEL: options.logLevel ?? "info",
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    KAFKA_BROKERS: info.kafka.brokers.join(","),
    ...(options.devBroker ? DEV_BROKER_ENV : {}),
    VAULT_ADDR: info.vault.addr,
    VAULT_ROLE_ID: approle.roleId,
    VAULT_SECRET_ID: approle.secretId,
    ...Object.fromEntries(peers.map(([peer, url]) => [peerUrlVariable(peer), url])),
    // Only the notification service sends mail.
    ...(service === "notification-service" && info.mail ? { SMTP_URL: info.mail.smtpUrl } : {}),
    // Webhooks may reach a receiver on this machine (docs/integrations.md, address guard).
    ...(service === "notification-service" ? LOCAL_WEBHOOKS : {}),
  };
}
