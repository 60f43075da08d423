import { z } from "zod";
import {
  brokerList,
  byteSize,
  httpUrl,
  listenAddress,
  logLevel,
  nonEmptyString,
  nonNegativeInt,
  optionalString,
  port,
  positiveInt,
  postgresUrl,
  sqlIdentifier,
  trustedProxyList,
} from "./env-schemas";
import { purgeConfig } from "../housekeeping/purge-config";

/**
 * The variables every service reads. Spread it into the service's own object and
 * override entries where a service needs another default:
 * `serviceConfig({ PORT: port(4003), EVENT_X: nonEmptyString() })`.
 */
export const baseServiceConfig = {
  PORT: port(),
  /**
   * The address the HTTP server binds. Loopback by default, so a service on a developer's
   * machine answers only that machine (through the gateway); a container sets `0.0.0.0`.
   */
  LISTEN_HOST: listenAddress("127.0.0.1"),
  /**
   * Peers whose `X-Forwarded-For` sets the client address (`req.ip`, which the per-address
   * throttles key on): the gateway's address(es) only. Anyone else's header is ignored.
   */
  TRUSTED_PROXIES: trustedProxyList("loopback"),
  LOG_LEVEL: logLevel(),
  DATABASE_URL: postgresUrl(),
  DATABASE_SCHEMA: sqlIdentifier(),
  DATABASE_POOL_MAX: positiveInt(10),
  KAFKA_BROKERS: brokerList(),
  VAULT_ADDR: httpUrl(),
  VAULT_TOKEN: optionalString(),
  VAULT_ROLE_ID: optionalString(),
  VAULT_SECRET_ID: optionalString(),
  SHUTDOWN_TIMEOUT_MS: nonNegativeInt(10_000),
  READINESS_TIMEOUT_MS: positiveInt(2_000),
  BODY_LIMIT: byteSize("100kb"),
  /** `iss` and `aud` of user access tokens (service tokens carry the target service as `aud`). */
  JWT_ISSUER: nonEmptyString("turnout-auth"),
  JWT_AUDIENCE: nonEmptyString("turnout-api"),
  /** How often verifiers re-read the public keys from Vault (rotation without restart). */
  JWKS_REFRESH_MS: positiveInt(30_000),
  /**
   * Longest a work consumer's fetch waits for data. Kafka answers as soon as data arrives, so a
   * long wait costs nothing; the development broker answers only when the wait ends, so there it
   * is short (docs/benchmarks.md: the delay it adds, and the idle CPU it costs).
   */
  KAFKA_MAX_WAIT_MS: positiveInt(5_000),
  /** The same for the session-revocation consumer every replica runs (it may lag a little more). */
  KAFKA_REVOCATION_MAX_WAIT_MS: positiveInt(5_000),
  /**
   * A consumer whose last 20 fetches were empty waits this long per fetch until messages come
   * again (never less than its own wait). With Kafka it changes nothing; on the development
   * broker it keeps an idle service from fetching every few milliseconds, at the price of up to
   * this much delay for the first message after a quiet spell.
   */
  KAFKA_IDLE_MAX_WAIT_MS: positiveInt(5_000),
  /**
   * A work consumer's group session: a member that stops heartbeating is dropped after this
   * long, and (on the development broker) a rebalance waits about this long for every member.
   * Heartbeats go every sixth of it (at most 3 s), and a rebalance may take twice as long.
   */
  KAFKA_SESSION_TIMEOUT_MS: positiveInt(30_000),
  OUTBOX_POLL_MS: positiveInt(1_000),
  /** The scheduled purge of expired rows: interval, batch size, `processed_events` retention. */
  ...purgeConfig,
};

const present = (value: unknown): boolean => typeof value === "string" && value.trim() !== "";

type VaultFields = { VAULT_TOKEN?: unknown; VAULT_ROLE_ID?: unknown; VAULT_SECRET_ID?: unknown };

/**
 * Vault needs either a token (development shortcut) or a complete AppRole pair.
 * It is an object-level rule, so it runs even when other fields failed (`when`), and
 * `loadConfig` can report every problem at once.
 */
export const withVaultCredentials = <T extends z.ZodObject>(schema: T): T =>
  schema.check(
    z.superRefine(
      (value: unknown, ctx) => {
        const env = (typeof value === "object" && value !== null ? value : {}) as VaultFields;
        if (present(env.VAULT_TOKEN)) return;
        const hasRole = present(env.VAULT_ROLE_ID);
        const hasSecret = present(env.VAULT_SECRET_ID);
        if (hasRole && !hasSecret) {
          ctx.addIssue({
            code: "custom",
            path: ["VAULT_SECRET_ID"],
            message: "is required with VAULT_ROLE_ID",
          });
        } else if (hasSecret && !hasRole) {
          ctx.addIssue({
            code: "custom",
            path: ["VAULT_ROLE_ID"],
            message: "is required with VAULT_SECRET_ID",
          });
        } else if (!hasRole && !hasSecret) {
          ctx.addIssue({
            code: "custom",
            path: ["VAULT_TOKEN"],
            message: "set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID",
          });
        }
      },
      { when: () => true },
    ),
  );

/** `baseServiceConfig` plus the service's own variables, with the Vault rule applied. */
export const serviceConfig = <S extends z.ZodRawShape>(extra: S) =>
  withVaultCredentials(z.object({ ...baseServiceConfig, ...extra }));

export type BaseServiceConfig = z.output<z.ZodObject<typeof baseServiceConfig>>;
