/** A field problem of a validation failure: `path` is dotted (`notifications.email`). */
export interface FieldProblem {
  path: string;
  message: string;
  code: string;
}

/** An error reply of the API (docs/conventions.md), served as `application/problem+json`. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
  errors?: FieldProblem[];
}

/** A failed API call. `message` is written for people: pages show it as it is. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    message: string,
    /** HTTP status; undefined when no reply arrived. */
    readonly status: number | undefined,
    readonly problem?: Problem,
    /** Seconds from `Retry-After`, when the reply carried one. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  get code(): string | undefined {
    return this.problem?.code;
  }

  get fieldProblems(): FieldProblem[] {
    return this.problem?.errors ?? [];
  }
}

// Used when an error reply carries no problem document (a proxy in between, say).
export function messageForStatus(status: number): string {
  if (status === 401) return "Please sign in to continue.";
  if (status === 403) return "You are not allowed to do this.";
  if (status === 404) return "This could not be found.";
  if (status === 413) return "That is too large to send.";
  if (status === 429) return "Too many requests. Wait a moment and try again.";
  if (status >= 500) return "Turnout is having trouble right now. Please try again in a moment.";
  return `The request failed (status ${status}).`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readFieldProblems(value: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((item) => ({
    // The booking contract names it `field`; the kit's validation `path`.
    path:
      typeof item.path === "string" ? item.path : typeof item.field === "string" ? item.field : "",
    message: typeof item.message === "string" ? item.message : "is not valid",
    code: typeof item.code === "string" ? item.code : "invalid",
  }));
}

/** The problem document of an error reply, or undefined when it has none. */
export async function readProblem(response: Response): Promise<Problem | undefined> {
  const contentType = response.headers.get("content-type") ?? "";
  if (!/^application\/problem\+json/i.test(contentType)) return undefined;
  try {
    const body: unknown = await response.json();
    if (!isRecord(body)) return undefined;
    const problem: Problem = {};
    for (const key of ["type", "title", "detail", "code", "request_id"] as const) {
      const value = body[key];
      if (typeof value === "string") problem[key] = value;
    }
    if (typeof body.status === "number") problem.status = body.status;
    const errors = readFieldProblems(body.errors);
    if (errors) problem.errors = errors;
    return problem;
  } catch {
    return undefined;
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text: string) => {
  const trimmed = capitalise(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/**
 * A field problem in plain words. The services' validators word some problems for machines
 * ("Too small: expected string to have >=12 characters"); those are rephrased, the rest are
 * kept and turned into a sentence.
 */
export function plainFieldMessage({ code, message }: FieldProblem): string {
  const bound = /(>=|>|<=|<)\s*(\d+)/.exec(message);
  const n = bound ? Number(bound[2]) + (bound[1] === ">" ? 1 : bound[1] === "<" ? -1 : 0) : NaN;
  if ((code === "too_small" || code === "too_big") && !Number.isNaN(n)) {
    const least = code === "too_small";
    if (/string/.test(message)) {
      if (least && n === 1) return "This cannot be empty.";
      return `Use ${least ? "at least" : "at most"} ${n} character${n === 1 ? "" : "s"}.`;
    }
    if (/array|set/.test(message)) return `Choose ${least ? "at least" : "at most"} ${n}.`;
    return `Must be ${least ? "at least" : "at most"} ${n}.`;
  }
  if (code === "invalid_type" && /received undefined/.test(message)) return "This is required.";
  if (code === "invalid_type" && /expected number/.test(message)) return "Enter a number.";
  if (code === "invalid_type" && /expected int/.test(message)) return "Enter a whole number.";
  if (/ISO datetime|datetime/i.test(message)) return "Enter a valid date and time.";
  if (/email/i.test(message) && code === "invalid_format") return "Enter a valid email address.";
  if (code === "unrecognized_keys") return "This field is not accepted here.";
  return sentence(message);
}
