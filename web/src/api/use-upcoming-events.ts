import { useCallback, useEffect, useState } from "react";
import { type ApiError, toApiError } from "./client";
import { type EventSummary, listEvents } from "./events";

export type LoadState<T> =
  { status: "loading" } | { status: "ready"; data: T } | { status: "error"; error: ApiError };

/** The next `limit` events, loaded on mount; `retry` loads them again. */
export function useUpcomingEvents(limit: number): {
  state: LoadState<EventSummary[]>;
  retry: () => void;
} {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<LoadState<EventSummary[]>>({ status: "loading" });

  useEffect(() => {
    // Aborting on unmount (and on StrictMode's second mount) keeps a stale reply from
    // overwriting a newer one.
    const controller = new AbortController();
    listEvents(limit, controller.signal).then(
      (page) => {
        setState({ status: "ready", data: page.items });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", error: toApiError(error) });
      },
    );
    return () => {
      controller.abort();
    };
  }, [limit, attempt]);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  return { state, retry };
}
