/**
 * The signed-in session: the access token (short-lived JWT) and who it says the user is. It
 * lives in this tab's memory only, never in localStorage or sessionStorage, so script injected
 * into the page finds no token in storage. The refresh token is not here at all: the auth API
 * keeps it in an HttpOnly cookie the page cannot read (`./token-refresh.ts` uses it).
 *
 * A reload or a new tab starts with no session and restores it from the cookie (a refresh).
 * Tabs tell each other about sign-in, refreshed tokens and sign-out over a BroadcastChannel.
 * localStorage holds only a hint with no secret in it ("a session cookie may exist"), so a
 * visitor who never signed in does not call `/refresh` on every page load.
 */
export interface Session {
  accessToken: string;
  /** Epoch milliseconds when the access token stops working. */
  expiresAt: number;
  userId: string;
  roles: string[];
}

/** localStorage key of the hint; its value is "1", never a token. */
export const SIGNED_IN_HINT = "turnout.signed-in";
const CHANNEL = "turnout.session";

type Message = { type: "session"; session: Session } | { type: "signed-out" };

const listeners = new Set<() => void>();
let current: Session | null = null;
let restoring = readHint();

function readHint(): boolean {
  try {
    return typeof localStorage !== "undefined" && localStorage.getItem(SIGNED_IN_HINT) === "1";
  } catch {
    return false;
  }
}

function writeHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_HINT, "1");
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // storage denied: a reload then starts signed out
  }
}

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

/** A session from a login or refresh reply (`access_token`, `expires_in`). */
export function sessionFromTokens(reply: { access_token: string; expires_in: number }): Session {
  const claims = decodeClaims(reply.access_token);
  return {
    accessToken: reply.access_token,
    expiresAt: Date.now() + reply.expires_in * 1000,
    userId: typeof claims.sub === "string" ? claims.sub : "",
    roles: Array.isArray(claims.roles)
      ? claims.roles.filter((r): r is string => typeof r === "string")
      : [],
  };
}

const isSession = (value: unknown): value is Session => {
  const s = value as Partial<Session> | null;
  return (
    typeof s?.accessToken === "string" &&
    typeof s.expiresAt === "number" &&
    typeof s.userId === "string" &&
    Array.isArray(s.roles)
  );
};

const channel: BroadcastChannel | null =
  typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL);

export function getSession(): Session | null {
  return current;
}

/** True while a reload or new tab is restoring its session from the cookie. */
export function isRestoring(): boolean {
  return restoring;
}

function notify(): void {
  for (const listener of listeners) listener();
}

function apply(session: Session | null): void {
  current = session;
  restoring = false;
  notify();
}

/** Sets this tab's session (null: signed out) and tells the other tabs. */
export function setSession(session: Session | null): void {
  apply(session);
  writeHint(session !== null);
  channel?.postMessage(session ? { type: "session", session } : { type: "signed-out" });
}

/** Ends a restore that found no session, or could not finish (offline), without a message. */
export function finishRestoring(): void {
  if (!restoring) return;
  restoring = false;
  notify();
}

/** For useSyncExternalStore: called when this tab or another one changes the session. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (channel) {
  channel.onmessage = (event: MessageEvent<Message>) => {
    const message = event.data;
    if (message.type === "session" && isSession(message.session)) apply(message.session);
    else if (message.type === "signed-out") apply(null);
  };
}

export const hasRole = (session: Session | null, role: string): boolean =>
  session?.roles.includes(role) ?? false;
