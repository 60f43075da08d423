import { ApiError, messageForStatus, readProblem } from "./problem";
import {
  getSession,
  readStoredSession,
  type Session,
  sessionFromTokens,
  setSession,
} from "./session";

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

async function postRefresh(refreshToken: string): Promise<Session | null> {
  let response: Response;
  try {
    response = await fetch("/api/v1/auth/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
  } catch {
    throw new ApiError("Turnout could not be reached. Check your connection and try again.", 0);
  }
  if (response.status === 401) {
    // Spent, expired or revoked (logout, password reset): the session is over.
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
    (await response.json()) as { access_token: string; refresh_token: string; expires_in: number },
  );
  setSession(session);
  return session;
}

/**
 * A new access token for the session whose refresh token is `used`. A refresh token works once
 * and re-using a spent one ends the whole session, so one refresh runs at a time across tabs,
 * and a tab that finds another one already rotated the token takes that result.
 */
export function refreshSession(used: string): Promise<Session | null> {
  inflight ??= withTabLock(async () => {
    const stored = readStoredSession();
    if (!stored) {
      setSession(null);
      return null;
    }
    if (stored.refreshToken !== used) {
      setSession(stored);
      return stored;
    }
    return postRefresh(used);
  }).finally(() => {
    inflight = undefined;
  });
  return inflight;
}

/** The access token to send now, refreshed first when it is about to expire; null if signed out. */
export async function freshAccessToken(): Promise<string | null> {
  const session = getSession();
  if (!session) return null;
  if (session.expiresAt - Date.now() > EARLY_MS) return session.accessToken;
  return (await refreshSession(session.refreshToken))?.accessToken ?? null;
}
