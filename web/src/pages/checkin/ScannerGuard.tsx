import type { ReactNode } from "react";
import { RequireAuth } from "../../auth/RequireAuth";
import { useSession, useSessionRestoring } from "../../auth/use-session";
import { SIGNED_IN_HINT } from "../../api/session";

const signedInBefore = () => {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) === "1";
  } catch {
    return false;
  }
};

/**
 * The scanner needs a signed-in user, except offline: a reloaded page cannot get its session
 * back from the cookie then, and the door must not stop. A device that was signed in scans
 * against what it cached and queues; the queue is sent with a session once the network is back
 * (the service checks who may scan then).
 */
export function ScannerGuard({ children }: { children: ReactNode }) {
  const session = useSession();
  const restoring = useSessionRestoring();
  const offline = typeof navigator !== "undefined" && !navigator.onLine;
  if (!session && !restoring && offline && signedInBefore()) return children;
  return <RequireAuth>{children}</RequireAuth>;
}
