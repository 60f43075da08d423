import { z } from "zod";
import {
  loadConfig,
  nonEmptyString,
  port,
  positiveInt,
  serviceConfig,
  sqlIdentifier,
} from "@turnout/kit";
import { parseAllowedCidrs, parseRetrySchedule } from "./webhooks/outbound";

export const SERVICE = "notification-service";

const hasProtocol = (value: string, protocols: readonly string[]): boolean => {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

// The messages never echo the value: an SMTP URL may carry a password.
const urlOf = (defaultValue: string, protocols: readonly string[], message: string) =>
  nonEmptyString(defaultValue).pipe(
    z.string().refine((value) => hasProtocol(value, protocols), { message }),
  );

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** A value that `check` accepts (it throws with the reason otherwise), kept as text. */
const checkedText = (defaultValue: string, check: (text: string) => unknown) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(defaultValue)
      .superRefine((value, ctx) => {
        try {
          check(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
        }
      }),
  );

const flag = (defaultValue: "true" | "false") =>
  z
    .preprocess(blankToUndefined, z.enum(["true", "false"]).default(defaultValue))
    .transform((value) => value === "true");

const singleDuration = (text: string) => {
  if (parseRetrySchedule(text).length !== 1) throw new Error("must be one duration, like 5d");
};

/** A bare `name@domain` inside `MAIL_FROM` (`"Turnout" <no-reply@turnout.local>`). */
const MAIL_ADDRESS = /<?([^\s<>@"]+@([A-Za-z0-9.-]+))>?\s*$/;

/** Exported for the compose static check, which parses compose's environment with it. */
export const configSchema = serviceConfig({
  PORT: port(4005),
  DATABASE_SCHEMA: sqlIdentifier("notifications"),
  /** Where mail goes: `smtp://host:port` (STARTTLS when offered) or `smtps://`; user:pass allowed. */
  SMTP_URL: urlOf(
    "smtp://127.0.0.1:1025",
    ["smtp:", "smtps:"],
    "must be an smtp:// or smtps:// URL",
  ),
  /** Bound for connecting, the greeting and each SMTP command, so a hung server frees its row. */
  SMTP_TIMEOUT_MS: positiveInt(15_000),
  /** Sender of every mail; its domain also names the mails' Message-IDs. */
  MAIL_FROM: nonEmptyString('"Turnout" <no-reply@turnout.local>').pipe(
    z.string().regex(MAIL_ADDRESS, "must be an address, optionally with a name: Name <a@b.c>"),
  ),
  /** The web app's address: verification and reset links point there. */
  PUBLIC_URL: urlOf("http://127.0.0.1:8080", ["http:", "https:"], "must be an http(s) URL"),
  /** Comment lines on every open SSE stream, so proxies keep it and dead clients are noticed. */
  SSE_HEARTBEAT_MS: positiveInt(15_000),
  /** Live streams one user may hold open on one replica; the next is refused with 429. */
  SSE_MAX_STREAMS_PER_USER: positiveInt(5),
  /** How often the mail sender looks for due mail when no insert woke it. */
  MAIL_POLL_MS: positiveInt(1_000),
  /** Retry after an SMTP failure: base × 2^(attempt−1), capped, with jitter. */
  MAIL_RETRY_BASE_MS: positiveInt(5_000),
  MAIL_RETRY_MAX_MS: positiveInt(15 * 60_000),
  /** Attempts before a mail is given up (`failed`); about 2 hours with the defaults. */
  MAIL_MAX_ATTEMPTS: positiveInt(15),
  /** Mails sent at once by one replica (each holds one row's lease while SMTP answers). */
  MAIL_SEND_CONCURRENCY: positiveInt(2).pipe(z.number().max(16, "must be ≤ 16")),
  /**
   * Sent, failed and expired mail is deleted this long after it was queued (30 days; never
   * sooner than PROCESSED_EVENTS_RETENTION_SECONDS, since the row also stops a second mail).
   */
  MAIL_RETENTION_SECONDS: positiveInt(30 * 24 * 3600),
  /** How often each replica looks for events whose reminder time has come. */
  REMINDER_INTERVAL_MS: positiveInt(30_000),
  /** Ranges a webhook may reach besides public addresses (`127.0.0.1/32,::1/128` locally). */
  WEBHOOK_ALLOWED_CIDRS: checkedText("", (text) =>
    parseAllowedCidrs(text.split(",").filter((part) => part.trim() !== "")),
  ),
  /** `http://` webhook URLs besides `https://` (local development only). */
  WEBHOOK_ALLOW_HTTP: flag("false"),
  /** Bound on one webhook attempt: lookup, connect, send, read the answer. */
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000).pipe(z.number().max(60_000, "must be ≤ 60000")),
  /** Bytes of a receiver's answer read at most. */
  WEBHOOK_MAX_RESPONSE_BYTES: positiveInt(65_536),
  /** Waits before each retry (±20 % jitter); the delivery fails after the last. */
  WEBHOOK_RETRY_SCHEDULE: checkedText("5s,5m,30m,2h,5h,10h,10h", parseRetrySchedule),
  /** Deliveries one replica sends at once (different aggregates). */
  WEBHOOK_CONCURRENCY: positiveInt(8).pipe(z.number().max(64, "must be ≤ 64")),
  /** How often the dispatcher looks for due deliveries when no insert woke it. */
  WEBHOOK_POLL_MS: positiveInt(1_000),
  /** An endpoint failing this long (with a delivery given up) is disabled. */
  WEBHOOK_DISABLE_AFTER: checkedText("5d", singleDuration),
  WEBHOOK_MAX_ENDPOINTS_PER_OWNER: positiveInt(20),
  /** Settled deliveries (and their payloads) are kept this long; replay reaches this far. */
  WEBHOOK_DELIVERY_RETENTION_DAYS: positiveInt(30).pipe(z.number().max(365, "must be ≤ 365")),
});

export type Config = ReturnType<typeof loadServiceConfig>;

/** Reads the environment once; fails listing every bad variable. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(configSchema, env);
}

export interface MailSettings {
  smtpUrl: string;
  smtpTimeoutMs: number;
  from: string;
  /** The right-hand side of Message-IDs (`<row id@domain>`). */
  messageIdDomain: string;
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  concurrency: number;
}

/** What the routes, consumers and mail sender need from the configuration. */
export interface NotificationSettings {
  /** Without a trailing slash. */
  publicUrl: string;
  heartbeatMs: number;
  /** Open streams per user and replica (SSE_MAX_STREAMS_PER_USER). */
  maxStreamsPerUser: number;
  mail: MailSettings;
}

export function notificationSettings(config: Config): NotificationSettings {
  return {
    publicUrl: config.PUBLIC_URL.replace(/\/+$/, ""),
    heartbeatMs: config.SSE_HEARTBEAT_MS,
    maxStreamsPerUser: config.SSE_MAX_STREAMS_PER_USER,
    mail: {
      smtpUrl: config.SMTP_URL,
      smtpTimeoutMs: config.SMTP_TIMEOUT_MS,
      from: config.MAIL_FROM,
      messageIdDomain: MAIL_ADDRESS.exec(config.MAIL_FROM)?.[2] ?? "turnout.local",
      pollMs: config.MAIL_POLL_MS,
      retryBaseMs: config.MAIL_RETRY_BASE_MS,
      retryMaxMs: config.MAIL_RETRY_MAX_MS,
      maxAttempts: config.MAIL_MAX_ATTEMPTS,
      concurrency: config.MAIL_SEND_CONCURRENCY,
    },
  };
}

/** What the webhook routes, consumer and dispatcher need (docs/integrations.md#webhooks). */
export interface WebhookSettings {
  allowedCidrs: string[];
  allowHttp: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Milliseconds before each retry. */
  retrySchedule: number[];
  concurrency: number;
  pollMs: number;
  disableAfterMs: number;
  maxEndpointsPerOwner: number;
  retentionDays: number;
}

export function webhookSettings(config: Config): WebhookSettings {
  return {
    allowedCidrs: config.WEBHOOK_ALLOWED_CIDRS.split(",")
      .map((part) => part.trim())
      .filter((part) => part !== ""),
    allowHttp: config.WEBHOOK_ALLOW_HTTP,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxResponseBytes: config.WEBHOOK_MAX_RESPONSE_BYTES,
    retrySchedule: parseRetrySchedule(config.WEBHOOK_RETRY_SCHEDULE),
    concurrency: config.WEBHOOK_CONCURRENCY,
    pollMs: config.WEBHOOK_POLL_MS,
    disableAfterMs: parseRetrySchedule(config.WEBHOOK_DISABLE_AFTER)[0] ?? 5 * 86_400_000,
    maxEndpointsPerOwner: config.WEBHOOK_MAX_ENDPOINTS_PER_OWNER,
    retentionDays: config.WEBHOOK_DELIVERY_RETENTION_DAYS,
  };
}

/** How long the scheduled purge keeps expired rows (`domain/purge-jobs.ts`). */
export interface RetentionSettings {
  mailSeconds: number;
  processedEventsSeconds: number;
  webhookDeliverySeconds: number;
}

export function retentionSettings(config: Config): RetentionSettings {
  return {
    mailSeconds: config.MAIL_RETENTION_SECONDS,
    processedEventsSeconds: config.PROCESSED_EVENTS_RETENTION_SECONDS,
    webhookDeliverySeconds: config.WEBHOOK_DELIVERY_RETENTION_DAYS * 86_400,
  };
}
