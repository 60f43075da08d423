/** An error reply of the API (API.md "Errors"), served as `application/problem+json`. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
  errors?: { path: string; message: string; code: string }[];
}

/** A failed API call. `message` is written for people: pages show it as it is. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    message: string,
    /** HTTP status; undefined when no reply arrived. */
    readonly status: number | undefined,
    readonly problem?: Problem,
  ) {
    super(message);
  }
}

const UNREADABLE = "Turnout sent a reply this page cannot read. Please try again later.";

// Used when an error reply carries no problem document (a proxy in between, say).
function messageForStatus(status: number): string {
  if (status === 401) return "Please sign in to continue.";
  if (status === 403) return "You are not allowed to do this.";
  if (status === 404) return "This could not be found.";
  if (status === 429) return "Too many requests. Wait a moment and try again.";
  if (status >= 500) return "Turnout is having trouble right now. Please try again in a moment.";
  return `The request failed (status ${status}).`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

async function readProblem(response: Response): Promise<Problem | undefined> {
  try {
    const body: unknown = await response.json();
    if (!isRecord(body)) return undefined;
    const problem: Problem = {};
    for (const key of ["type", "title", "detail", "code", "request_id"] as const) {
      const value = body[key];
      if (typeof value === "string") problem[key] = value;
    }
    if (typeof body.status === "number") problem.status = body.status;
    return problem;
  } catch {
    return undefined;
  }
}

/**
 * GETs a JSON resource of the API (same origin, through the gateway) and checks its shape
 * with `parse`. Every failure becomes an {@link ApiError}: a problem's `detail` when the API
 * sent one, plain words otherwise. A cancelled request rejects with the abort reason.
 */
export async function apiGet<T>(
  path: string,
  parse: (body: unknown) => T,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { Accept: "application/json" },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(
      "Turnout could not be reached. Check your connection and try again.",
      undefined,
    );
  }

  const contentType = response.headers.get("content-type") ?? "";
  if (!response.ok) {
    const problem = /^application\/problem\+json/i.test(contentType)
      ? await readProblem(response)
      : undefined;
    throw new ApiError(
      problem?.detail ?? messageForStatus(response.status),
      response.status,
      problem,
    );
  }
  if (!/^application\/([\w.-]+\+)?json/i.test(contentType)) {
    throw new ApiError(UNREADABLE, response.status);
  }
  try {
    return parse(await response.json());
  } catch {
    throw new ApiError(UNREADABLE, response.status);
  }
}

/** Anything a load can reject with, as something a page can show. */
export const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError("Something went wrong. Please try again.", undefined);
