import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { listEvents } from "../api/events";
import { EventCard } from "../components/EventCard";
import { EmptyState, ErrorNotice, Loading } from "../components/feedback";
import { usePageTitle } from "../components/use-page-title";

export const UPCOMING_LIMIT = 6;

function UpcomingEvents() {
  const query = useQuery({
    queryKey: ["events", "upcoming", UPCOMING_LIMIT],
    queryFn: ({ signal }) => listEvents({ limit: UPCOMING_LIMIT }, signal),
  });
  if (query.isPending) return <Loading>Loading events…</Loading>;
  if (query.isError) {
    return (
      <ErrorNotice
        title="Events could not be loaded."
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
  if (query.data.items.length === 0) {
    return <EmptyState>No upcoming events yet. Check back soon.</EmptyState>;
  }
  return (
    <ul className="event-grid">
      {query.data.items.map((event) => (
        <li key={event.id}>
          <EventCard event={event} />
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  usePageTitle();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">Find your next event</h1>
        <p>Browse what is on, sign up in a click, and get a seat or a place on the waitlist.</p>
        <Link to="/events" className="button">
          Browse all events
        </Link>
      </section>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Upcoming events</h2>
        <UpcomingEvents />
      </section>
    </>
  );
}
