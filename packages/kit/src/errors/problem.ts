import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { AppError, type FieldError, validationFailed } from "./app-error";

/**
 * Problem `type` URIs are `https://turnout.dev/problems/<code>`: RFC 9457 lets `type` be
 * an identifier that need not resolve, and one URI per stable `code` lets clients and
 * docs key on either. `about:blank` would force `title` to be the bare status phrase.
 */
export const PROBLEM_TYPE_BASE = "https://turnout.dev/problems/";
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The body of every error reply (docs/conventions.md, "Errors"). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  errors?: FieldError[];
}

export interface NormalizedError {
  error: AppError;
  /** True when the original error was not meant for the client (a bug or an outage). */
  unexpected: boolean;
}

// body-parser and raw-body tag their errors with a `type`; these are all client mistakes.
const BODY_ERRORS: Record<string, (limit: unknown) => AppError> = {
  "entity.parse.failed": () =>
    new AppError(400, "malformed_json", "The request body is not valid JSON."),
  "entity.encoding.invalid": () =>
    new AppError(400, "malformed_json", "The request body is not valid UTF-8."),
  "entity.too.large": (limit) =>
    new AppError(
      413,
      "payload_too_large",
      typeof limit === "number"
        ? `The request body exceeds the limit of ${limit} bytes.`
        : "The request body is too large.",
    ),
  "charset.unsupported": () =>
    new AppError(415, "unsupported_charset", "JSON request bodies must be encoded as UTF-8."),
  "encoding.unsupported": () =>
    new AppError(
      415,
      "unsupported_content_encoding",
      "The request's Content-Encoding is not supported.",
    ),
  "request.aborted": () => new AppError(400, "request_aborted", "The request was aborted."),
  "request.size.invalid": () =>
    new AppError(400, "bad_request", "The request body length does not match Content-Length."),
  "entity.verify.failed": () => new AppError(400, "bad_request", "The request body was refused."),
};

interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  type?: unknown;
  limit?: unknown;
}

const codeForStatus = (status: number): string =>
  (STATUS_CODES[status] ?? "error").toLowerCase().replace(/[^a-z0-9]+/g, "_");

const isZodError = (error: unknown): error is z.core.$ZodError =>
  error instanceof z.core.$ZodError ||
  (error instanceof Error && error.name === "ZodError" && "issues" in error);

export const zodIssuesToFieldErrors = (issues: readonly z.core.$ZodIssue[]): FieldError[] =>
  issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
    code: issue.code,
  }));

const internalError = (cause: unknown): AppError =>
  new AppError(500, "internal_error", "An unexpected error occurred.", { cause });

/** Maps anything a route or middleware can throw onto an `AppError`. */
export function normalizeError(error: unknown): NormalizedError {
  if (error instanceof AppError) return { error, unexpected: false };
  if (isZodError(error)) {
    return { error: validationFailed(zodIssuesToFieldErrors(error.issues)), unexpected: false };
  }
  if (typeof error === "object" && error !== null) {
    const candidate = error as HttpErrorLike;
    const status = Number(candidate.status ?? candidate.statusCode);
    const bodyError = typeof candidate.type === "string" ? BODY_ERRORS[candidate.type] : undefined;
    if (bodyError && status >= 400 && status < 500) {
      return { error: bodyError(candidate.limit), unexpected: false };
    }
    // Other client errors raised by Express and its router: http-errors (`expose`) and the
    // URIError of a malformed %-escape in a path parameter. Their messages can echo the
    // input, so only the status is kept.
    const clientError = candidate.expose === true || error instanceof URIError;
    if (clientError && status >= 400 && status < 500) {
      return { error: new AppError(status, codeForStatus(status)), unexpected: false };
    }
  }
  return { error: internalError(error), unexpected: true };
}

export function toProblem(error: AppError, requestId: string): Problem {
  const problem: Problem = {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    request_id: requestId,
  };
  if (error.errors) problem.errors = error.errors;
  return problem;
}
