import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Loading } from "../components/feedback";
import { useRoles, useSession, useSessionRestoring } from "./use-session";

/**
 * Shows `children` to a signed-in user (with `role`, when given); sends anyone else to the
 * sign-in page, which comes back here afterwards. After a reload it first waits for the session
 * to come back from the cookie.
 */
export function RequireAuth({
  children,
  role,
}: {
  children: ReactNode;
  role?: "organizer" | "admin";
}) {
  const session = useSession();
  const restoring = useSessionRestoring();
  const roles = useRoles();
  const location = useLocation();
  if (!session && restoring) return <Loading>Signing you in…</Loading>;
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (role && !roles[role]) {
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">Not allowed</h1>
        <p className="notice notice-error" role="alert">
          {role === "admin"
            ? "This page is for administrators."
            : "This page is for organizers. An administrator can make you one."}
        </p>
      </section>
    );
  }
  return children;
}
