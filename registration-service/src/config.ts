import { z } from "zod";
import { httpUrl, loadConfig, port, positiveInt, serviceConfig, sqlIdentifier } from "@turnout/kit";

export const SERVICE = "registration-service";

const DURATION_UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** A whole number of days, hours, minutes or seconds (`400d`), in milliseconds. */
function dayDuration(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const match = /^(\d{1,6})([dhms])$/.exec(text.trim());
      if (!match) {
        ctx.addIssue({ code: "custom", message: "a duration such as 400d, 72h, 90m or 3600s" });
        return z.NEVER;
      }
      return Number(match[1]) * (DURATION_UNITS[match[2] ?? ""] ?? 0);
    });
}

/** Exported for the compose static check, which parses compose's environment with it. */
export const configSchema = serviceConfig({
  PORT: port(4004),
  DATABASE_SCHEMA: sqlIdentifier("registrations"),
  /** The auth service, which issues this service's service tokens (client credentials). */
  AUTH_SERVICE_URL: httpUrl(),
  /** The event service, whose internal seat ledger holds and frees seats. */
  EVENT_SERVICE_URL: httpUrl(),
  /** Longest wait for one call to the event service before it counts as unavailable. */
  EVENT_SERVICE_TIMEOUT_MS: positiveInt(5_000),
  /** Calls to the event service in flight at once per instance; a burst queues behind them. */
  EVENT_SERVICE_MAX_CONCURRENCY: positiveInt(32),
  /** Sign-ups for one event within this window share one read of the event. */
  EVENT_READ_CACHE_MS: positiveInt(1_000),
  /** How often the recovery saga runs (it also runs at start). */
  RECOVERY_INTERVAL_MS: positiveInt(30_000),
  /** A `reserving` row older than this is presumed orphaned by a crash and settled. */
  RECOVERY_GRACE_MS: positiveInt(10_000),
  /** Idempotency keys are kept this long, then the scheduled purge forgets them (24 h). */
  IDEMPOTENCY_KEY_TTL_SECONDS: positiveInt(24 * 3600),
  /** How long a replay waits for the first request with its key to finish before a 409. */
  IDEMPOTENCY_WAIT_MS: positiveInt(10_000),
  /** Seat offers one account may have open at once (429 `too_many_offers` past it). */
  TRANSFER_MAX_OPEN_OFFERS_PER_USER: positiveInt(20),
  /** Seat offers one account may make per hour, each a mail (429 `too_many_offers`). */
  TRANSFER_MAX_OFFERS_PER_HOUR: positiveInt(30),
  /** Live check-in streams one user may hold per replica (429 `too_many_streams` past it). */
  CHECK_IN_MAX_STREAMS_PER_USER: positiveInt(5),
  /** Live check-in streams one replica holds in all. */
  CHECK_IN_MAX_STREAMS: positiveInt(1_000),
  /** Heartbeat of a live check-in stream; each also re-checks the token and the permission. */
  CHECK_IN_HEARTBEAT_MS: positiveInt(20_000),
  /** The web app's address: calendar files link to the ticket page there (default below). */
  PUBLIC_URL: httpUrl().optional(),
  /** No ticket code outlives its signing by more than this (`400d`, `72h`): docs/tickets.md. */
  TICKET_MAX_LIFETIME: dayDuration("400d"),
  /** The ticket-signing key is re-read this often, so a rotation needs no restart. */
  TICKET_SIGNING_KEY_REFRESH_MS: positiveInt(10_000),
});

export type Config = ReturnType<typeof loadServiceConfig>;

/** Reads the environment once; fails listing every bad variable. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(configSchema, env);
}

/** What the domain needs from the configuration. */
export interface RegistrationSettings {
  /** A `reserving` row older than this is settled by the recovery saga. */
  recoveryGraceMs: number;
  idempotencyWaitMs: number;
  /** What one account may make the service mail through seat offers. */
  offerLimits: OfferLimits;
  /** The web app's address, without a trailing slash; {@link DEFAULT_PUBLIC_URL} unless set. */
  publicUrl?: string;
}

/** The web app's address when `PUBLIC_URL` is not set (the notification service's default). */
export const DEFAULT_PUBLIC_URL = "http://127.0.0.1:8080";

export interface OfferLimits {
  maxOpenPerUser: number;
  maxPerHour: number;
}

export function registrationSettings(config: Config): RegistrationSettings {
  return {
    recoveryGraceMs: config.RECOVERY_GRACE_MS,
    idempotencyWaitMs: config.IDEMPOTENCY_WAIT_MS,
    offerLimits: {
      maxOpenPerUser: config.TRANSFER_MAX_OPEN_OFFERS_PER_USER,
      maxPerHour: config.TRANSFER_MAX_OFFERS_PER_HOUR,
    },
    publicUrl: (config.PUBLIC_URL ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, ""),
  };
}

/** How long the scheduled purge keeps expired rows (`domain/purge-jobs.ts`). */
export interface RetentionSettings {
  idempotencyKeySeconds: number;
}

export function retentionSettings(config: Config): RetentionSettings {
  return { idempotencyKeySeconds: config.IDEMPOTENCY_KEY_TTL_SECONDS };
}
