import { type ReactNode, useState } from "react";
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
 * The scanner needs a signed-in user, except offline: a page reloaded with no network cannot
 * get its session back from the cookie, and the door must not stop. A device that was signed
 * in then scans against what it cached and queues; the queue is sent with a session restored
 * from the cookie once the network is back, and the service checks who may scan.
 */
export function ScannerGuard({ children }: { children: ReactNode }) {
  const session = useSession();
  const restoring = useSessionRestoring();
  // Decided once, when the page opens offline: the network coming back does not end it.
  const [openedOffline] = useState(
    () => typeof navigator !== "undefined" && !navigator.onLine && signedInBefore(),
  );
  // The page stays mounted when the session comes back, so its queue and list stay on screen.
  if (openedOffline) return restoring && !session ? null : children;
  return <RequireAuth>{children}</RequireAuth>;
}
