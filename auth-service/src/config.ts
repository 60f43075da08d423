import { z } from "zod";
import {
  ConfigError,
  loadConfig,
  optionalString,
  port,
  positiveInt,
  serviceConfig,
  sqlIdentifier,
} from "@turnout/kit";
import type { SlowDownRule } from "./domain/throttle-rules";

export const SERVICE = "auth-service";

/** RFC 9068 and the issue cap access tokens at minutes; 15 minutes is the ceiling. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 900;
/** Service tokens are for one internal call or a few: five minutes at most. */
const MAX_SERVICE_TOKEN_TTL_SECONDS = 300;

/** Exported for the compose static check, which parses compose's environment with it. */
export const configSchema = serviceConfig({
  PORT: port(4001),
  DATABASE_SCHEMA: sqlIdentifier("auth"),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(MAX_ACCESS_TOKEN_TTL_SECONDS).pipe(
    z.number().max(MAX_ACCESS_TOKEN_TTL_SECONDS, "must be ≤ 900 (15 minutes)"),
  ),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt(30 * 24 * 3600),
  /** The private key is re-read at most this often, so a rotation needs no restart. */
  SIGNING_KEY_REFRESH_MS: positiveInt(10_000).pipe(z.number().max(30_000, "must be ≤ 30000")),
  LOGIN_THROTTLE_WINDOW_SECONDS: positiveInt(900),
  /**
   * Failed logins of one email or username (as typed) from one client address in one window:
   * low, since guessing one password is the threat; then that address gets 429 for it.
   */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: positiveInt(5),
  /** Failed logins per client address: higher, since many people can share one NAT. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: positiveInt(50),
  /**
   * Failed logins of one email or username from anywhere before its next failures are slowed
   * down (never refused: an attacker elsewhere must not lock the owner out).
   */
  LOGIN_SLOW_DOWN_AFTER_FAILURES: positiveInt(5),
  /** The first delay of a failed login once slowed down; it doubles with each failure. */
  LOGIN_SLOW_DOWN_BASE_MS: positiveInt(500),
  /** The longest delay of a failed login. */
  LOGIN_SLOW_DOWN_MAX_MS: positiveInt(8000).pipe(z.number().max(30_000, "must be ≤ 30000")),
  /**
   * An account signs in only once its email is confirmed (or reset by mail): otherwise "sign up,
   * then log in with the password just chosen" would tell whether an email already had an
   * account (README "Registration"). `false` only for local development.
   */
  LOGIN_REQUIRES_VERIFIED_EMAIL: z
    .preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.enum(["true", "false"]).default("true"),
    )
    .transform((value) => value === "true"),
  /** Mails telling an email's owner about sign-ups with it, per window (then none). */
  SIGN_UP_ATTEMPT_MAILS_PER_EMAIL: positiveInt(3),
  SERVICE_TOKEN_TTL_SECONDS: positiveInt(MAX_SERVICE_TOKEN_TTL_SECONDS).pipe(
    z.number().max(MAX_SERVICE_TOKEN_TTL_SECONDS, "must be ≤ 300 (5 minutes)"),
  ),
  /** Client secrets read from Vault are cached at most this long. */
  SERVICE_CLIENT_CACHE_MS: positiveInt(60_000).pipe(z.number().max(60_000, "must be ≤ 60000")),
  /** Failed client-credentials requests per client id in one throttle window. */
  SERVICE_CLIENT_MAX_FAILURES: positiveInt(20),
  /** Lifetime of the email-verification token mailed at registration (24 h). */
  EMAIL_VERIFICATION_TTL_SECONDS: positiveInt(24 * 3600),
  /** Lifetime of a password-reset token (30 minutes). */
  PASSWORD_RESET_TTL_SECONDS: positiveInt(1800),
  /** Reset requests per email, and per client address, within one throttle window. */
  PASSWORD_RESET_MAX_PER_EMAIL: positiveInt(5),
  PASSWORD_RESET_MAX_PER_ADDRESS: positiveInt(30),
  /**
   * Retention (README, "Retention"): a refresh token is deleted this long after its expiry
   * (7 days), a verification or reset token this long after its expiry (1 day), a throttle
   * counter once untouched this long (1 day, never less than the throttle window).
   */
  REFRESH_TOKEN_RETENTION_SECONDS: positiveInt(7 * 24 * 3600),
  ONE_TIME_TOKEN_RETENTION_SECONDS: positiveInt(24 * 3600),
  LOGIN_THROTTLE_RETENTION_SECONDS: positiveInt(24 * 3600),
  /** An API token is deleted this long after it was revoked or expired (30 days). */
  API_TOKEN_RETENTION_SECONDS: positiveInt(30 * 24 * 3600),
  /** First admin, created at start when both are set and no admin exists yet. */
  ADMIN_EMAIL: optionalString(),
  ADMIN_PASSWORD: optionalString(),
});

export type Config = ReturnType<typeof loadServiceConfig>;

/** Reads the environment once; fails listing every bad variable. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(configSchema, env);
  // Half an admin account is a mistake to report at start, not to ignore silently.
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    const missing = config.ADMIN_EMAIL === undefined ? "ADMIN_EMAIL" : "ADMIN_PASSWORD";
    throw new ConfigError([{ variable: missing, problem: "is required with the other ADMIN_*" }]);
  }
  return config;
}

/** What the routes and use cases need from the configuration. */
export interface AuthSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  serviceTokenTtlSeconds: number;
  /** Failed client-credentials requests per client id within `throttle.windowSeconds`. */
  serviceClientMaxFailures: number;
  /**
   * Login throttling: 429 after `maxPerAccountAddress` failures of one identifier from one
   * address or `maxPerAddress` from one address; failures of one identifier from anywhere only
   * slow its next failures down (`slowDown`). README "Login throttling".
   */
  throttle: {
    windowSeconds: number;
    maxPerAccountAddress: number;
    maxPerAddress: number;
    slowDown: SlowDownRule;
  };
  /** Unverified accounts cannot log in (the reply of a wrong password). */
  requireVerifiedEmail: boolean;
  /** Mails to the owner of a taken email per `throttle.windowSeconds`. */
  signUpAttemptMailsPerEmail: number;
  emailVerificationTtlSeconds: number;
  passwordResetTtlSeconds: number;
  /** Reset requests (not failures) per email and per address within `throttle.windowSeconds`. */
  resetThrottle: { maxPerEmail: number; maxPerAddress: number };
}

export function authSettings(config: Config): AuthSettings {
  return {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    serviceTokenTtlSeconds: config.SERVICE_TOKEN_TTL_SECONDS,
    serviceClientMaxFailures: config.SERVICE_CLIENT_MAX_FAILURES,
    throttle: {
      windowSeconds: config.LOGIN_THROTTLE_WINDOW_SECONDS,
      maxPerAccountAddress: config.LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS,
      maxPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
      slowDown: {
        after: config.LOGIN_SLOW_DOWN_AFTER_FAILURES,
        baseMs: config.LOGIN_SLOW_DOWN_BASE_MS,
        maxMs: config.LOGIN_SLOW_DOWN_MAX_MS,
      },
    },
    requireVerifiedEmail: config.LOGIN_REQUIRES_VERIFIED_EMAIL,
    signUpAttemptMailsPerEmail: config.SIGN_UP_ATTEMPT_MAILS_PER_EMAIL,
    emailVerificationTtlSeconds: config.EMAIL_VERIFICATION_TTL_SECONDS,
    passwordResetTtlSeconds: config.PASSWORD_RESET_TTL_SECONDS,
    resetThrottle: {
      maxPerEmail: config.PASSWORD_RESET_MAX_PER_EMAIL,
      maxPerAddress: config.PASSWORD_RESET_MAX_PER_ADDRESS,
    },
  };
}

/** How long the scheduled purge keeps expired rows (`domain/purge-jobs.ts`). */
export interface RetentionSettings {
  refreshTokenSeconds: number;
  oneTimeTokenSeconds: number;
  loginThrottleSeconds: number;
  throttleWindowSeconds: number;
  apiTokenSeconds: number;
}

export function retentionSettings(config: Config): RetentionSettings {
  return {
    refreshTokenSeconds: config.REFRESH_TOKEN_RETENTION_SECONDS,
    oneTimeTokenSeconds: config.ONE_TIME_TOKEN_RETENTION_SECONDS,
    loginThrottleSeconds: config.LOGIN_THROTTLE_RETENTION_SECONDS,
    throttleWindowSeconds: config.LOGIN_THROTTLE_WINDOW_SECONDS,
    apiTokenSeconds: config.API_TOKEN_RETENTION_SECONDS,
  };
}
