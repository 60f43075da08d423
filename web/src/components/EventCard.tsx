import { Link } from "react-router";
import type { EventSummary } from "../api/events";
import { formatEventTime } from "../format";

export function seatsText(event: {
  status?: string | undefined;
  seats_available?: number | undefined;
}): string | undefined {
  if (event.status === "cancelled") return "Cancelled";
  if (event.seats_available === undefined) return undefined;
  if (event.seats_available === 0) return "Fully booked: join the waitlist";
  return event.seats_available === 1 ? "1 seat left" : `${event.seats_available} seats left`;
}

export function EventCard({ event }: { event: EventSummary }) {
  const headingId = `event-${event.id}`;
  const seats = seatsText(event);
  return (
    <article className="event-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Link to={`/events/${encodeURIComponent(event.id)}`}>{event.title}</Link>
      </h3>
      <p className="event-meta">
        <time dateTime={event.starts_at}>{formatEventTime(event.starts_at, event.timezone)}</time>
      </p>
      {event.location ? <p className="event-meta">{event.location}</p> : null}
      {event.category ? <p className="event-category">{event.category}</p> : null}
      {seats ? <p className="event-seats">{seats}</p> : null}
    </article>
  );
}
