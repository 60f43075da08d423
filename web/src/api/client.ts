import { ApiError, messageForStatus, readProblem } from "./problem";
import { freshAccessToken, refreshSession } from "./token-refresh";

export { ApiError } from "./problem";
export type { FieldProblem, Problem } from "./problem";

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is (an image upload), with `contentType`. */
  raw?: Blob;
  contentType?: string;
  /**
   * Sends the signed-in user's bearer token, refreshing it when needed; `"optional"` sends it
   * only when someone is signed in (public reads that show the organizer more).
   */
  auth?: boolean | "optional";
  accept?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const UNREACHABLE = "Turnout could not be reached. Check your connection and try again.";
const UNREADABLE = "Turnout sent a reply this page cannot read. Please try again later.";
const SIGNED_OUT = "Your session has ended. Please sign in again.";

async function send(path: string, options: RequestOptions, token: string | null) {
  const headers: Record<string, string> = {
    Accept: options.accept ?? "application/json",
    ...options.headers,
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.raw) {
    headers["Content-Type"] = options.contentType ?? "application/octet-stream";
    body = options.raw;
  }
  try {
    return await fetch(path, {
      method: options.method ?? "GET",
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(UNREACHABLE, undefined);
  }
}

async function toError(response: Response): Promise<ApiError> {
  const problem = await readProblem(response);
  const retryAfter = Number(response.headers.get("retry-after"));
  return new ApiError(
    problem?.detail ?? messageForStatus(response.status),
    response.status,
    problem,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/**
 * One call to the API (same origin, through the gateway). Resolves with a successful reply;
 * every failure becomes an {@link ApiError} worded for people (the problem's `detail`, or plain
 * words by status). With `auth`, a 401 gets one silent refresh and retry before giving up.
 * Calls go to the same origin, so the browser sends the auth API's session cookie only where
 * its path allows (`/api/v1/auth`).
 */
export async function apiRequest(path: string, options: RequestOptions = {}): Promise<Response> {
  let token: string | null = null;
  if (options.auth) {
    token = await freshAccessToken();
    if (!token && options.auth !== "optional") throw new ApiError(SIGNED_OUT, 401);
  }
  let response = await send(path, options, token);
  if (options.auth && token && response.status === 401) {
    // Revoked before it expired (a role change, say): the session cookie gets a new one.
    const renewed = await refreshSession(token);
    if (!renewed) throw new ApiError(SIGNED_OUT, 401);
    response = await send(path, options, renewed.accessToken);
  }
  if (!response.ok) throw await toError(response);
  return response;
}

/** A JSON reply, checked with `parse` (a zod schema's parse, say). */
export async function apiJson<T>(
  path: string,
  parse: (body: unknown) => T,
  options: RequestOptions = {},
): Promise<T> {
  const response = await apiRequest(path, options);
  const contentType = response.headers.get("content-type") ?? "";
  if (!/^application\/([\w.-]+\+)?json/i.test(contentType)) {
    throw new ApiError(UNREADABLE, response.status);
  }
  try {
    return parse(await response.json());
  } catch {
    throw new ApiError(UNREADABLE, response.status);
  }
}

/** A call whose reply has no body worth reading (204, 202). */
export async function apiSend(path: string, options: RequestOptions = {}): Promise<void> {
  await apiRequest(path, options);
}

/** Anything a query or mutation can reject with, as something a page can show. */
export const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError("Something went wrong. Please try again.", undefined);

/** `?a=1&b=2` from the defined, non-empty values. */
export function queryString(params: Record<string, string | number | boolean | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
