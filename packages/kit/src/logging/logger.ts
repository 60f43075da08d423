import winston from "winston";
import { getContext } from "../context/request-context";
import { isSensitiveKey, REDACTED, redactValue } from "./redact";

export type Logger = winston.Logger;

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Write JSON lines here instead of stdout (tests capture output this way). */
  stream?: NodeJS.WritableStream;
  /** Replace the transports entirely. */
  transports?: winston.transport[];
  silent?: boolean;
}

/** Adds the correlation fields of the current AsyncLocalStorage context to each line. */
export const contextFormat = winston.format((info) => {
  const ctx = getContext();
  if (ctx) {
    info.request_id ??= ctx.requestId;
    if (ctx.traceparent !== undefined) info.traceparent ??= ctx.traceparent;
    if (ctx.userId !== undefined) info.user_id ??= ctx.userId;
  }
  return info;
});

/**
 * Masks secrets at any depth. Runs last before serialisation so it also covers fields
 * other formats added. Winston keeps its own state under symbol keys, which
 * `Object.keys` skips, so only user data is touched.
 */
export const redactFormat = winston.format((info) => {
  const fields = info as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key === "level") continue;
    fields[key] = isSensitiveKey(key) ? REDACTED : redactValue(fields[key]);
  }
  return info;
});

const defaultTransports = (stream?: NodeJS.WritableStream): winston.transport[] =>
  // winston types its built-in transports as interfaces over TransportStream rather than
  // subclasses, which the type-aware lint cannot tell apart from a forged instance.
  stream
    ? // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      [new winston.transports.Stream({ stream })]
    : // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      [new winston.transports.Console()];

export function createLogger(options: LoggerOptions): Logger {
  return winston.createLogger({
    level: options.level ?? "info",
    defaultMeta: { service: options.service },
    silent: options.silent,
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      contextFormat(),
      winston.format.timestamp(),
      redactFormat(),
      winston.format.json(),
    ),
    transports: options.transports ?? defaultTransports(options.stream),
  });
}
