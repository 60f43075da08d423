import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { getEvent } from "../../api/events";
import { useRoles, useSession } from "../../auth/use-session";
import { ErrorNotice, Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { formatEventWindow } from "../../format";
import { OrganizerTools } from "./OrganizerTools";
import { RegistrationPanel } from "./RegistrationPanel";
import { SeatsLeft } from "./SeatsLeft";

export function EventPage() {
  const { eventId = "" } = useParams();
  const session = useSession();
  const { admin } = useRoles();
  const query = useQuery({
    queryKey: ["event", eventId],
    queryFn: ({ signal }) => getEvent(eventId, signal),
  });
  usePageTitle(query.data?.title ?? "Event");

  if (query.isPending) return <Loading>Loading the event…</Loading>;
  if (query.isError) {
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">Event</h1>
        <ErrorNotice
          title="This event could not be loaded."
          error={query.error}
          onRetry={() => void query.refetch()}
        />
        <p>
          <Link to="/events">Back to all events</Link>
        </p>
      </section>
    );
  }
  const event = query.data;
  const owner = session !== null && (admin || session.userId === event.organizer_id);
  return (
    <article className="page event-page" aria-labelledby="page-title">
      <p>
        <Link to="/events">← All events</Link>
      </p>
      <h1 id="page-title">{event.title}</h1>
      {event.status === "cancelled" ? (
        <p className="notice notice-error" role="alert">
          This event has been cancelled.
        </p>
      ) : null}
      <dl className="event-facts">
        <dt>When</dt>
        <dd>
          <time dateTime={event.starts_at}>
            {formatEventWindow(event.starts_at, event.ends_at, event.timezone)}
          </time>
        </dd>
        {event.location ? (
          <>
            <dt>Where</dt>
            <dd>{event.location}</dd>
          </>
        ) : null}
        {event.category ? (
          <>
            <dt>Category</dt>
            <dd>{event.category}</dd>
          </>
        ) : null}
        {event.requires_approval ? (
          <>
            <dt>Sign-up</dt>
            <dd>The organizer approves each registration.</dd>
          </>
        ) : null}
      </dl>
      <div className="event-layout">
        <div className="event-description">
          {event.description ? (
            event.description.split(/\n{2,}/).map((paragraph, i) => <p key={i}>{paragraph}</p>)
          ) : (
            <p className="muted">No description.</p>
          )}
        </div>
        <aside className="event-aside" aria-label="Seats and registration">
          <SeatsLeft event={event} />
          <RegistrationPanel event={event} />
        </aside>
      </div>
      {owner ? <OrganizerTools event={event} /> : null}
    </article>
  );
}
