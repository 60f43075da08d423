import { randomUUID } from "node:crypto";
import type { z } from "zod";

/** What a route handler answers; the server serialises `body` as JSON. */
export interface VaultReply {
  status: number;
  body?: unknown;
}

/** Thrown by handlers; becomes Vault's `{"errors":[...]}` with the status. */
export class VaultError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors[0] ?? `status ${status}`);
  }

  /** Lets expressions throw: `role ?? notFound().raise()`. */
  raise(): never {
    throw this;
  }
}

export const badRequest = (message: string): VaultError => new VaultError(400, [message]);
export const permissionDenied = (): VaultError => new VaultError(403, ["permission denied"]);
export const notFound = (): VaultError => new VaultError(404, []);

export const noContent = (): VaultReply => ({ status: 204 });

/** The envelope Vault wraps every logical response in. */
export function logical(data: unknown, extra: Record<string, unknown> = {}): VaultReply {
  return {
    status: 200,
    body: {
      request_id: randomUUID(),
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data,
      wrap_info: null,
      warnings: null,
      auth: null,
      ...extra,
    },
  };
}

/** Validates a request body, turning schema failures into Vault-style 400s. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") ?? "";
  throw badRequest(
    field === "" ? (issue?.message ?? "invalid request") : `${field}: ${issue?.message ?? ""}`,
  );
}

/** Vault durations: integer seconds, a numeric string, or units such as "1h30m" or "7d". */
export function parseDuration(value: number | string, field: string): number {
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 0) return value;
    throw badRequest(`${field}: invalid duration`);
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^(\d+(ms|s|m|h|d))+$/.test(text)) throw badRequest(`${field}: invalid duration`);
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    seconds += Number(amount) * (units[unit ?? "s"] ?? 1);
  }
  return Math.floor(seconds);
}

export const nowIso = (): string => new Date().toISOString();
