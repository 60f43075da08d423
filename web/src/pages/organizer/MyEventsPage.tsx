import { useState } from "react";
import { Link } from "react-router";
import { listEvents } from "../../api/events";
import { useSession } from "../../auth/use-session";
import { PagedResults, usePagedQuery } from "../../components/PagedResults";
import { seatsText } from "../../components/EventCard";
import { usePageTitle } from "../../components/use-page-title";
import { SelectField } from "../../forms/fields";
import { formatEventTime } from "../../format";

/** An organizer's own events, with the way to their attendees and to a new one. */
export function MyEventsPage() {
  usePageTitle("My events");
  const userId = useSession()?.userId ?? "";
  const [status, setStatus] = useState<"published" | "cancelled">("published");
  const { query, items: events } = usePagedQuery(
    ["events", "organizer", userId, status],
    (cursor, { signal }) => listEvents({ organizer_id: userId, status, limit: 20, cursor }, signal),
  );

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
      <PagedResults
        query={query}
        count={events.length}
        loading="Loading your events…"
        errorTitle="Your events could not be loaded."
        empty={
          status === "published"
            ? "You have no upcoming events. Create your first one!"
            : "No cancelled events."
        }
      >
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
      </PagedResults>
    </section>
  );
}
