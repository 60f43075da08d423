import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { listEvents } from "../../api/events";
import { useSession } from "../../auth/use-session";
import { EmptyState, ErrorNotice, Loading, LoadMore } from "../../components/feedback";
import { seatsText } from "../../components/EventCard";
import { usePageTitle } from "../../components/use-page-title";
import { SelectField } from "../../forms/fields";
import { formatEventTime } from "../../format";

/** An organizer's own events, with the way to their attendees and to a new one. */
export function MyEventsPage() {
  usePageTitle("My events");
  const userId = useSession()?.userId ?? "";
  const [status, setStatus] = useState<"published" | "cancelled">("published");
  const query = useInfiniteQuery({
    queryKey: ["events", "organizer", userId, status],
    queryFn: ({ pageParam, signal }) =>
      listEvents({ organizer_id: userId, status, limit: 20, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const events = query.data?.pages.flatMap((p) => p.items) ?? [];

  let body;
  if (query.isPending) body = <Loading>Loading your events…</Loading>;
  else if (query.isError) {
    body = (
      <ErrorNotice
        title="Your events could not be loaded."
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  } else if (events.length === 0) {
    body = (
      <EmptyState>
        {status === "published"
          ? "You have no upcoming events. Create your first one!"
          : "No cancelled events."}
      </EmptyState>
    );
  } else {
    body = (
      <>
        <ul className="plain-list">
          {events.map((event) => (
            <li key={event.id} className="list-card">
              <h2 className="list-card-title">
                <Link to={`/events/${event.id}`}>{event.title}</Link>
              </h2>
              <p className="event-meta">
                {formatEventTime(event.starts_at, event.timezone)} · {seatsText(event)}
              </p>
              <p className="button-row">
                <Link to={`/events/${event.id}/attendees`}>Attendees</Link>
                {status === "published" ? <Link to={`/events/${event.id}/edit`}>Edit</Link> : null}
              </p>
            </li>
          ))}
        </ul>
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoad={() => void query.fetchNextPage()}
        />
      </>
    );
  }

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">My events</h1>
      <div className="toolbar">
        <Link to="/events/new" className="button">
          Create an event
        </Link>
        <SelectField
          label="Show"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value === "cancelled" ? "cancelled" : "published");
          }}
        >
          <option value="published">Published events</option>
          <option value="cancelled">Cancelled events</option>
        </SelectField>
      </div>
      {body}
    </section>
  );
}
