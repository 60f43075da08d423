import { z } from "zod";

// Environment values arrive as strings; an empty string is treated as "not set" so that
// `FOO=` in an env file behaves like a missing variable instead of an odd invalid value.
const blankToUndefined = (value: unknown): unknown =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** A required non-empty string, optionally defaulted (blank counts as unset). */
export const nonEmptyString = (defaultValue?: string) => {
  const schema = z.string().min(1);
  return z.preprocess(
    blankToUndefined,
    defaultValue === undefined ? schema : schema.default(defaultValue),
  );
};

/** An optional string; empty counts as unset. */
export const optionalString = () => z.preprocess(blankToUndefined, z.string().min(1).optional());

const integerText = (message: string) => z.string().trim().regex(/^\d+$/, message);

/** A TCP port (0–65535; 0 asks the OS for a free one), optionally defaulted. */
export const port = (defaultPort?: number) => {
  const schema = integerText("must be an integer port number")
    .transform(Number)
    .pipe(z.number().int().max(65535, "must be ≤ 65535"));
  // The default sits inside the preprocess so that `PORT=` (blank) gets it too.
  return z.preprocess(
    blankToUndefined,
    defaultPort === undefined ? schema : schema.default(defaultPort),
  );
};

/** A non-negative integer, e.g. a duration in milliseconds. */
export const nonNegativeInt = (defaultValue: number) =>
  z.preprocess(
    blankToUndefined,
    integerText("must be a non-negative integer").transform(Number).default(defaultValue),
  );

/** A positive integer (pool sizes, timeouts that must not be zero). */
export const positiveInt = (defaultValue: number) =>
  z.preprocess(
    blankToUndefined,
    integerText("must be a positive integer")
      .transform(Number)
      .pipe(z.number().int().min(1, "must be ≥ 1"))
      .default(defaultValue),
  );

export const LOG_LEVELS = ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const logLevel = (defaultLevel: LogLevel = "info") =>
  z.preprocess(
    (value) => (typeof value === "string" ? blankToUndefined(value.toLowerCase()) : value),
    z.enum(LOG_LEVELS).default(defaultLevel),
  );

const parsesAsUrl = (value: string, protocols: readonly string[]): boolean => {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

// The messages below never echo the value: a database URL carries a password.
/** A `postgres://` or `postgresql://` connection URL. */
export const postgresUrl = () =>
  z.preprocess(
    blankToUndefined,
    z.string().refine((value) => parsesAsUrl(value, ["postgres:", "postgresql:"]), {
      message: "must be a postgres:// or postgresql:// URL",
    }),
  );

/** An `http://` or `https://` URL (e.g. VAULT_ADDR). */
export const httpUrl = () =>
  z.preprocess(
    blankToUndefined,
    z.string().refine((value) => parsesAsUrl(value, ["http:", "https:"]), {
      message: "must be an http:// or https:// URL",
    }),
  );

/** A PostgreSQL identifier we are willing to interpolate into SQL (schema names). */
export const sqlIdentifier = (defaultValue?: string) => {
  const schema = z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier (a-z, 0-9, _)");
  return z.preprocess(
    blankToUndefined,
    defaultValue === undefined ? schema : schema.default(defaultValue),
  );
};

/** `a, b,c` → `["a", "b", "c"]`, each entry checked by `item`; at least one. */
export const commaList = (item: z.ZodString, defaultValue?: string) =>
  z.preprocess(
    (value) => blankToUndefined(value) ?? defaultValue,
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ""),
      )
      .pipe(z.array(item).min(1, "must list at least one entry")),
  );

/** `host:port,host:port` → `["host:port", ...]`. */
export const brokerList = () =>
  commaList(z.string().regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, "each broker must be host:port"));

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Parses `512`, `100kb`, `1.5mb` (binary units, like body-parser) into bytes. */
export const parseByteSize = (text: string): number | undefined => {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  if (!match?.[1]) return undefined;
  const unit = SIZE_UNITS[(match[2] ?? "b").toLowerCase()] ?? 1;
  return Math.floor(Number(match[1]) * unit);
};

/** A byte size such as `100kb`, as a number of bytes. */
export const byteSize = (defaultSize: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(defaultSize)
      .transform((value, ctx) => {
        const bytes = parseByteSize(value);
        if (bytes === undefined || bytes < 1) {
          ctx.addIssue({ code: "custom", message: "must be a size like 512, 100kb or 1mb" });
          return z.NEVER;
        }
        return bytes;
      }),
  );

/** An IPv4 or IPv6 address to bind (`127.0.0.1`, `0.0.0.0`, `::`), optionally defaulted. */
export const listenAddress = (defaultValue: string) =>
  z.preprocess(blankToUndefined, z.union([z.ipv4(), z.ipv6()]).default(defaultValue));

/** The names Express's `trust proxy` (proxy-addr) accepts for well-known ranges. */
const PROXY_RANGE_NAMES = ["loopback", "linklocal", "uniquelocal"] as const;
const proxyEntry = z.union([z.enum(PROXY_RANGE_NAMES), z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/**
 * The peers whose `X-Forwarded-For` is believed: `loopback`, `linklocal`, `uniquelocal`,
 * addresses and CIDR ranges, comma-separated (`10.0.0.5, 172.28.0.0/16`).
 */
export const trustedProxyList = (defaultValue: string) =>
  z.preprocess(
    (value) => blankToUndefined(value) ?? defaultValue,
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ""),
      )
      .pipe(
        z
          .array(
            z.string().refine((entry) => proxyEntry.safeParse(entry).success, {
              message: `each entry must be ${PROXY_RANGE_NAMES.join(", ")}, an IP address or a CIDR range`,
            }),
          )
          .min(1, "must list at least one entry"),
      ),
  );
