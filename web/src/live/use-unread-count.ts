import { useQuery } from "@tanstack/react-query";
import { listNotifications } from "../api/notifications";
import { useSession } from "../auth/use-session";

/** How many notifications are unread ("99+" past a page), for the badge; undefined while unknown. */
export function useUnreadCount(): string | undefined {
  const signedIn = useSession() !== null;
  const { data } = useQuery({
    queryKey: ["me", "notifications", "unread-count"],
    queryFn: () => listNotifications({ limit: 99, unread: true }),
    enabled: signedIn,
    // The stream refreshes it at once; this catches anything while the stream reconnects.
    refetchInterval: 60_000,
  });
  if (!signedIn || !data) return undefined;
  return data.next_cursor ? "99+" : String(data.items.length);
}
