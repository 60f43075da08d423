import { Writable } from "node:stream";
import type { Express } from "express";
import { createLogger, createServiceApp, type Logger, type ServiceAppOptions } from "../src";

export interface CapturedLogger {
  logger: Logger;
  lines: Record<string, unknown>[];
  raw: string[];
}

/** A real winston logger whose JSON lines are kept in memory. */
export function captureLogger(service = "test-service", level = "debug"): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() === "") continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createLogger({ service, level, stream }), lines, raw };
}

export function buildApp(
  configure: ServiceAppOptions["configure"],
  overrides: Partial<ServiceAppOptions> = {},
  captured: CapturedLogger = captureLogger(),
): { app: Express } & CapturedLogger {
  const app = createServiceApp({
    service: "test-service",
    logger: captured.logger,
    configure,
    ...overrides,
  });
  return { app, ...captured };
}
