import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useSession } from "../auth/use-session";
import { LiveNotifications } from "../live/LiveNotifications";
import { createQueryClient, PRIVATE_KEYS } from "../query-client";
import { Layout } from "./Layout";

/** Drops one user's data when another one signs in (or in another tab). */
function ForgetOnUserChange({ client }: { client: QueryClient }) {
  const userId = useSession()?.userId;
  const previous = useRef(userId);
  useEffect(() => {
    if (previous.current === userId) return;
    previous.current = userId;
    for (const queryKey of PRIVATE_KEYS) client.removeQueries({ queryKey });
  }, [userId, client]);
  return null;
}

/** The app's providers around the layout: one query cache per app, the live notifications. */
export function AppRoot({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <ForgetOnUserChange client={client} />
      <LiveNotifications>
        <Layout />
      </LiveNotifications>
    </QueryClientProvider>
  );
}
