/**
 * The signed-in session: the access token (short-lived JWT), the refresh token (opaque, rotated
 * on every use) and who the token says the user is. Kept in localStorage so a reload or a
 * second tab stays signed in; every tab follows changes through the `storage` event.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token stops working. */
  expiresAt: number;
  userId: string;
  roles: string[];
}

export const SESSION_KEY = "turnout.session";

const listeners = new Set<() => void>();
let cached: Session | null | undefined;

function decodeClaims(token: string): { sub?: unknown; roles?: unknown } {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === "object" && claims !== null ? claims : {};
  } catch {
    return {};
  }
}

/** A session from a login or refresh reply (`access_token`, `refresh_token`, `expires_in`). */
export function sessionFromTokens(reply: {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}): Session {
  const claims = decodeClaims(reply.access_token);
  return {
    accessToken: reply.access_token,
    refreshToken: reply.refresh_token,
    expiresAt: Date.now() + reply.expires_in * 1000,
    userId: typeof claims.sub === "string" ? claims.sub : "",
    roles: Array.isArray(claims.roles)
      ? claims.roles.filter((r): r is string => typeof r === "string")
      : [],
  };
}

function parseStored(text: string | null): Session | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Session>;
    if (
      typeof value.accessToken === "string" &&
      typeof value.refreshToken === "string" &&
      typeof value.expiresAt === "number" &&
      typeof value.userId === "string" &&
      Array.isArray(value.roles)
    ) {
      return value as Session;
    }
  } catch {
    // a damaged entry means nobody is signed in
  }
  return null;
}

/** What storage holds now, bypassing this tab's copy (another tab may have refreshed). */
export function readStoredSession(): Session | null {
  try {
    return parseStored(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (cached === undefined) cached = readStoredSession();
  return cached;
}

function notify(): void {
  for (const listener of listeners) listener();
}

export function setSession(session: Session | null): void {
  cached = session;
  try {
    if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else localStorage.removeItem(SESSION_KEY);
  } catch {
    // storage full or denied: the session still lives in this tab
  }
  notify();
}

/** For useSyncExternalStore: called when this tab or another one changes the session. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key !== SESSION_KEY && event.key !== null) return;
    cached = readStoredSession();
    notify();
  });
}

export const hasRole = (session: Session | null, role: string): boolean =>
  session?.roles.includes(role) ?? false;
