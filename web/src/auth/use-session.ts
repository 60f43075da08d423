import { useSyncExternalStore } from "react";
import { getSession, hasRole, isRestoring, type Session, subscribeSession } from "../api/session";
// Loading it starts the restore of a reloaded tab's session from the cookie.
import "../api/token-refresh";

/** The signed-in session (null when signed out), following changes in every tab. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** True while a reloaded page or a new tab is getting its session back from the cookie. */
export function useSessionRestoring(): boolean {
  return useSyncExternalStore(subscribeSession, isRestoring, isRestoring);
}

/** What the signed-in user may do, from the roles in the access token. */
export function useRoles(): { organizer: boolean; admin: boolean } {
  const session = useSession();
  const admin = hasRole(session, "admin");
  return { admin, organizer: admin || hasRole(session, "organizer") };
}
