import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import {
  endpointIdOf,
  eventIdOf,
  listNotifications,
  markAllRead,
  markRead,
  type TurnoutNotification,
} from "../../api/notifications";
import { InlineError } from "../../components/feedback";
import { PagedResults, usePagedQuery } from "../../components/PagedResults";
import { usePageTitle } from "../../components/use-page-title";
import { CheckboxField } from "../../forms/fields";
import { formatMoment } from "../../format";

function NotificationItem({ notification }: { notification: TurnoutNotification }) {
  const queryClient = useQueryClient();
  const read = useMutation({
    mutationFn: () => markRead(notification.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["me", "notifications"] }),
  });
  const eventId = eventIdOf(notification);
  const endpointId = endpointIdOf(notification);
  const unread = notification.read_at === null && !read.isSuccess;
  return (
    <li className={unread ? "list-card unread" : "list-card"}>
      <h2 className="list-card-title">
        {unread ? <span className="badge badge-new">New</span> : null} {notification.title}
      </h2>
      <p>{notification.body}</p>
      <p className="event-meta">
        <time dateTime={notification.created_at}>{formatMoment(notification.created_at)}</time>
      </p>
      <p className="button-row">
        {eventId ? <Link to={`/events/${eventId}`}>Open the event</Link> : null}
        {endpointId ? (
          <Link to={`/organizer/webhooks/${endpointId}`}>Open the webhook endpoint</Link>
        ) : null}
        {unread ? (
          <button
            type="button"
            className="link-button"
            disabled={read.isPending}
            onClick={() => {
              read.mutate();
            }}
          >
            Mark as read<span className="visually-hidden">: {notification.title}</span>
          </button>
        ) : null}
      </p>
      <InlineError error={read.error} />
    </li>
  );
}

export function NotificationsPage() {
  usePageTitle("Notifications");
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { query, items } = usePagedQuery(["me", "notifications", "list", unreadOnly], (cursor) =>
    listNotifications({
      limit: 20,
      unread: unreadOnly,
      ...(cursor ? { cursor } : {}),
    }),
  );
  const readAll = useMutation({
    mutationFn: markAllRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["me", "notifications"] }),
  });

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Notifications</h1>
      <div className="toolbar">
        <CheckboxField
          label="Unread only"
          checked={unreadOnly}
          onChange={(e) => {
            setUnreadOnly(e.target.checked);
          }}
        />
        <div>
          <button
            type="button"
            className="button button-secondary"
            disabled={readAll.isPending}
            onClick={() => {
              readAll.mutate();
            }}
          >
            Mark all as read
          </button>
          <InlineError error={readAll.error} />
        </div>
      </div>
      <PagedResults
        query={query}
        count={items.length}
        loading="Loading notifications…"
        errorTitle="Notifications could not be loaded."
        empty={
          unreadOnly
            ? "You have read everything."
            : "Nothing yet. News about your registrations shows up here as it happens."
        }
      >
        <ul className="plain-list">
          {items.map((n) => (
            <NotificationItem key={n.id} notification={n} />
          ))}
        </ul>
      </PagedResults>
    </section>
  );
}
