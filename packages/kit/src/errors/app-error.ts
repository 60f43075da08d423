import { STATUS_CODES } from "node:http";

/** One field-level problem, as listed in a problem's `errors`. */
export interface FieldError {
  /** Dotted path into the input (`items.0.email`); empty for the whole input. */
  path: string;
  message: string;
  /** Machine-readable reason, e.g. zod's issue code. */
  code: string;
}

export interface AppErrorOptions {
  /** Short human summary; defaults to the HTTP reason phrase. */
  title?: string;
  errors?: FieldError[];
  cause?: unknown;
  /** Extra response headers, e.g. `Retry-After`, `WWW-Authenticate`. */
  headers?: Record<string, string>;
}

/**
 * The one error type services throw. `code` is the stable contract clients switch on;
 * `detail` is shown to the client as written (put internals in `cause`, which is logged
 * but never sent).
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(status: number, code: string, detail?: string, options: AppErrorOptions = {}) {
    const title = options.title ?? STATUS_CODES[status] ?? "Error";
    super(detail ?? title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail ?? title;
    if (options.errors) this.errors = options.errors;
    if (options.headers) this.headers = options.headers;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

type Helper = (code?: string, detail?: string, options?: AppErrorOptions) => AppError;

const helper =
  (status: number, defaultCode: string): Helper =>
  (code = defaultCode, detail, options) =>
    new AppError(status, code, detail, options);

export const badRequest = helper(400, "bad_request");
export const unauthorized = helper(401, "unauthorized");
export const forbidden = helper(403, "forbidden");
export const notFound = helper(404, "not_found");
export const conflict = helper(409, "conflict");
export const payloadTooLarge = helper(413, "payload_too_large");
export const unsupportedMediaType = helper(415, "unsupported_media_type");
export const unprocessable = helper(422, "unprocessable");
export const serviceUnavailable = helper(503, "service_unavailable");

export const validationFailed = (
  errors: FieldError[],
  detail = "The request is not valid.",
): AppError => new AppError(400, "validation_failed", detail, { errors });

/** 429 with the `Retry-After` header every throttled reply carries (docs/conventions.md). */
export const tooManyRequests = (
  retryAfterSeconds: number,
  code = "too_many_requests",
  detail = "Too many requests; retry later.",
  options: AppErrorOptions = {},
): AppError =>
  new AppError(429, code, detail, {
    ...options,
    headers: {
      ...options.headers,
      "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))),
    },
  });
