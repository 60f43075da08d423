import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { Link } from "react-router";
import { eventIdOf, type TurnoutNotification } from "../api/notifications";
import { useSession } from "../auth/use-session";
import { followNotifications } from "./notification-stream";

const MAX_TOASTS = 3;
const TOAST_MS = 12_000;

const ToastContext = createContext<(n: TurnoutNotification) => void>(() => undefined);

/** Shows a notification as a toast (the live stream uses it; so can a page). */
export const useToast = () => useContext(ToastContext);

/**
 * While someone is signed in: follows their notification stream, refreshes what a new
 * notification changes (inbox, unread count, the registration and seats it is about), and
 * announces it in a polite live region.
 */
export function LiveNotifications({ children }: { children: ReactNode }) {
  const userId = useSession()?.userId;
  const queryClient = useQueryClient();
  const [toasts, setToasts] = useState<TurnoutNotification[]>([]);

  const dismiss = useCallback((id: string) => {
    setToasts((current) => current.filter((t) => t.id !== id));
  }, []);

  const show = useCallback(
    (notification: TurnoutNotification) => {
      setToasts((current) =>
        [notification, ...current.filter((t) => t.id !== notification.id)].slice(0, MAX_TOASTS),
      );
      setTimeout(() => {
        dismiss(notification.id);
      }, TOAST_MS);
    },
    [dismiss],
  );

  useEffect(() => {
    if (!userId || typeof ReadableStream === "undefined") return;
    return followNotifications({
      onOpen: () => void queryClient.invalidateQueries({ queryKey: ["me", "notifications"] }),
      onNotification: (notification) => {
        show(notification);
        void queryClient.invalidateQueries({ queryKey: ["me", "notifications"] });
        const eventId = eventIdOf(notification);
        if (eventId) {
          void queryClient.invalidateQueries({ queryKey: ["me", "registrations"] });
          // A seat offered to this account, or one of its offers accepted.
          void queryClient.invalidateQueries({ queryKey: ["me", "offers"] });
          void queryClient.invalidateQueries({ queryKey: ["event", eventId] });
          void queryClient.invalidateQueries({ queryKey: ["availability", eventId] });
          void queryClient.invalidateQueries({ queryKey: ["attendees", eventId] });
        }
      },
    });
  }, [userId, queryClient, show]);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-label="New notifications">
        {toasts.map((toast) => {
          const eventId = eventIdOf(toast);
          return (
            <div key={toast.id} className="toast">
              <p className="toast-title">{toast.title}</p>
              <p>{toast.body}</p>
              <p className="toast-actions">
                {eventId ? <Link to={`/events/${eventId}`}>Open the event</Link> : null}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    dismiss(toast.id);
                  }}
                  aria-label={`Dismiss: ${toast.title}`}
                >
                  Dismiss
                </button>
              </p>
            </div>
          );
        })}
      </div>
    </ToastContext.Provider>
  );
}
