import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { allMyRegistrations, type Registration } from "../../api/registrations";
import { useSession } from "../../auth/use-session";

export const MY_REGISTRATIONS_KEY = ["me", "registrations", "all"] as const;

/** Every registration of the signed-in user; polled while one is still being settled. */
export function useMyRegistrations() {
  const signedIn = useSession() !== null;
  return useQuery({
    queryKey: MY_REGISTRATIONS_KEY,
    queryFn: allMyRegistrations,
    enabled: signedIn,
    refetchInterval: (query) =>
      query.state.data?.some((r) => r.status === "reserving") ? 1000 : false,
  });
}

/** Puts a registration the API just returned into the cached list (newest first). */
export function useRememberRegistration(): (registration: Registration) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (registration: Registration) => {
      queryClient.setQueryData<Registration[]>(MY_REGISTRATIONS_KEY, (old) => [
        registration,
        ...(old ?? []).filter((r) => r.id !== registration.id),
      ]);
      void queryClient.invalidateQueries({ queryKey: ["me", "registrations"] });
      void queryClient.invalidateQueries({ queryKey: ["availability", registration.event_id] });
    },
    [queryClient],
  );
}
