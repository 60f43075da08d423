import { Link } from "react-router";
import type { EventSummary } from "../api/events";
import { type LoadState, useUpcomingEvents } from "../api/use-upcoming-events";
import { EventCard } from "../components/EventCard";
import { usePageTitle } from "../components/use-page-title";

export const UPCOMING_LIMIT = 6;

function UpcomingEvents({ state, retry }: { state: LoadState<EventSummary[]>; retry: () => void }) {
  switch (state.status) {
    case "loading":
      return <p role="status">Loading events…</p>;
    case "error":
      return (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Events could not be loaded.</p>
          <p>{state.error.message}</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      );
    case "ready":
      if (state.data.length === 0) {
        return <p className="notice">No upcoming events yet. Check back soon.</p>;
      }
      return (
        <ul className="event-grid">
          {state.data.map((event) => (
            <li key={event.id}>
              <EventCard event={event} />
            </li>
          ))}
        </ul>
      );
  }
}

export function HomePage() {
  usePageTitle();
  const { state, retry } = useUpcomingEvents(UPCOMING_LIMIT);
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">Find your next event</h1>
        <p>Browse what is on, sign up in a click, and get a seat or a place on the waitlist.</p>
        <Link to="/events" className="button">
          Browse all events
        </Link>
      </section>
      <section aria-labelledby="upcoming-title" aria-busy={state.status === "loading"}>
        <h2 id="upcoming-title">Upcoming events</h2>
        <UpcomingEvents state={state} retry={retry} />
      </section>
    </>
  );
}
