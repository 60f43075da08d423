import { useSyncExternalStore } from "react";
import { getSession, hasRole, type Session, subscribeSession } from "../api/session";

/** The signed-in session (null when signed out), following changes in every tab. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** What the signed-in user may do, from the roles in the access token. */
export function useRoles(): { organizer: boolean; admin: boolean } {
  const session = useSession();
  const admin = hasRole(session, "admin");
  return { admin, organizer: admin || hasRole(session, "organizer") };
}
