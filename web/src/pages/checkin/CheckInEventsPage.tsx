import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { listCheckInEvents } from "../../api/checkin";
import { EmptyState, ErrorNotice, Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { formatEventWindow } from "../../format";

/** `/check-in`: the events the signed-in user may scan tickets for, as organizer or helper. */
export function CheckInEventsPage() {
  usePageTitle("Check-in");
  const events = useQuery({
    queryKey: ["me", "check-in-events"],
    queryFn: ({ signal }) => listCheckInEvents(signal),
  });
  let body;
  if (events.isPending) body = <Loading>Loading your events…</Loading>;
  else if (events.isError) {
    body = (
      <ErrorNotice
        title="Your check-in events could not be loaded."
        error={events.error}
        onRetry={() => void events.refetch()}
      />
    );
  } else if (events.data.length === 0) {
    body = (
      <EmptyState>
        No events to check people in for. Organizers can name you a helper for their event.
      </EmptyState>
    );
  } else {
    body = (
      <ul className="check-in-events">
        {events.data.map((e) => (
          <li key={e.event_id}>
            <Link to={`/check-in/${e.event_id}`}>{e.title}</Link>
            <span className="badge">{e.role === "organizer" ? "Organizer" : "Helper"}</span>
            <br />
            {formatEventWindow(e.starts_at, e.ends_at ?? undefined, e.timezone)}
            {e.location ? ` · ${e.location}` : ""}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Check-in</h1>
      <p>Scan tickets at the door. The scanner keeps working without a network once opened.</p>
      {body}
    </section>
  );
}
