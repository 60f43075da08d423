import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useNavigate } from "react-router";
import { logOut } from "../api/auth";
import { getSession, setSession } from "../api/session";

/**
 * Signs out everywhere the token counts: the API revokes the access token in every service, ends
 * the session's refresh tokens and clears the cookie; every tab of the app forgets the session.
 * Local data goes even when the API cannot be reached.
 */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    if (getSession()) {
      try {
        await logOut();
      } catch {
        // The tokens expire on their own; signing out here must not depend on the network.
      }
    }
    setSession(null);
    queryClient.clear();
    await navigate("/", { replace: true });
  }, [navigate, queryClient]);
}
