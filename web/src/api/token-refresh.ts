import { ApiError, messageForStatus, readProblem } from "./problem";
import {
  finishRestoring,
  getSession,
  isRestoring,
  type Session,
  sessionFromTokens,
  setSession,
} from "./session";

/**
 * The header by which the web app asks the auth API for the session cookie (on `/login`) and
 * uses it (on `/refresh` and `/logout`). The API refuses the cookie without it, which is what
 * keeps other sites from using it (auth-service README, "Web session").
 */
export const WEB_CLIENT_HEADERS = { "X-Turnout-Client": "web" } as const;

/** Refresh this long before the access token expires, so a request never races the expiry. */
const EARLY_MS = 30_000;

let inflight: Promise<Session | null> | undefined;

/** Runs `task` while holding a lock shared by every tab, where the browser has Web Locks. */
async function withTabLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return task();
  let result: { value: T } | undefined;
  await locks.request("turnout.refresh", async () => {
    result = { value: await task() };
  });
  if (!result) throw new Error("the refresh lock ran nothing");
  return result.value;
}

/** `POST /auth/refresh` with the cookie: a new access token, and the cookie rotated. */
async function postRefresh(): Promise<Session | null> {
  let response: Response;
  try {
    response = await fetch("/api/v1/auth/refresh", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        ...WEB_CLIENT_HEADERS,
      },
      body: "{}",
    });
  } catch {
    throw new ApiError("Turnout could not be reached. Check your connection and try again.", 0);
  }
  if (response.status === 401) {
    // No cookie, or spent, expired or revoked (logout, password reset): the session is over.
    setSession(null);
    return null;
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new ApiError(
      problem?.detail ?? messageForStatus(response.status),
      response.status,
      problem,
    );
  }
  const session = sessionFromTokens(
    (await response.json()) as { access_token: string; expires_in: number },
  );
  setSession(session);
  return session;
}

/**
 * A new access token to replace `stale` (the one that expired or was refused; null when this
 * tab has none, as after a reload). The cookie's refresh token works once and re-using a spent
 * one ends the whole session, so one refresh runs at a time across tabs, and a tab that finds
 * that another one already refreshed (its token arrived while this one waited) takes it.
 */
export function refreshSession(stale: string | null): Promise<Session | null> {
  inflight ??= withTabLock(async () => {
    const session = getSession();
    if (session && session.accessToken !== stale && session.expiresAt - Date.now() > EARLY_MS) {
      return session;
    }
    return postRefresh();
  }).finally(() => {
    inflight = undefined;
    finishRestoring();
  });
  return inflight;
}

/** A reload or a new tab of a signed-in user gets its session back from the cookie. */
function restore(): Promise<Session | null> {
  return refreshSession(null).catch(() => null);
}
const restored: Promise<Session | null> | undefined = isRestoring() ? restore() : undefined;

/** The access token to send now, refreshed first when it is about to expire; null if signed out. */
export async function freshAccessToken(): Promise<string | null> {
  if (isRestoring()) await restored;
  const session = getSession();
  if (!session) return null;
  if (session.expiresAt - Date.now() > EARLY_MS) return session.accessToken;
  return (await refreshSession(session.accessToken))?.accessToken ?? null;
}
