import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { getEvent } from "../../api/events";
import { listMyRegistrations, type Registration, ticketCode } from "../../api/registrations";
import { PagedResults, usePagedQuery } from "../../components/PagedResults";
import { RegistrationStatus } from "../../components/RegistrationStatus";
import { usePageTitle } from "../../components/use-page-title";
import { SelectField } from "../../forms/fields";
import { formatEventTime, formatMoment } from "../../format";

function RegistrationItem({ registration }: { registration: Registration }) {
  const event = useQuery({
    queryKey: ["event", registration.event_id],
    queryFn: ({ signal }) => getEvent(registration.event_id, signal),
  });
  const title =
    event.data?.title ?? (event.isError ? "An event that could not be loaded" : "Loading…");
  return (
    <li className="list-card">
      <h2 className="list-card-title">
        <Link to={`/events/${registration.event_id}`}>{title}</Link>
      </h2>
      {event.data ? (
        <p className="event-meta">
          {formatEventTime(event.data.starts_at, event.data.timezone)}
          {event.data.location ? ` · ${event.data.location}` : ""}
          {event.data.status === "cancelled" ? " · event cancelled" : ""}
        </p>
      ) : null}
      <p>
        <RegistrationStatus registration={registration} />{" "}
        <span className="muted">
          Ticket <code>{ticketCode(registration.id)}</code> · signed up{" "}
          {formatMoment(registration.created_at)}
        </span>
      </p>
    </li>
  );
}

const FILTERS = [
  ["", "All"],
  ["confirmed", "Confirmed"],
  ["pending", "Waiting for approval"],
  ["waitlisted", "On the waitlist"],
  ["cancelled", "Cancelled"],
  ["rejected", "Not approved"],
] as const;

export function MyRegistrationsPage() {
  usePageTitle("My registrations");
  const [status, setStatus] = useState("");
  const { query, items } = usePagedQuery(["me", "registrations", "list", status], (cursor) =>
    listMyRegistrations({
      limit: 20,
      ...(cursor ? { cursor } : {}),
      ...(status ? { status } : {}),
    }),
  );

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">My registrations</h1>
      <div className="toolbar">
        <SelectField
          label="Show"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
          }}
        >
          {FILTERS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <PagedResults
        query={query}
        count={items.length}
        loading="Loading your registrations…"
        errorTitle="Your registrations could not be loaded."
        empty={
          <>
            {status ? "None with this status." : "You have not registered for anything yet."}{" "}
            <Link to="/events">Find an event</Link>.
          </>
        }
      >
        <ul className="plain-list">
          {items.map((r) => (
            <RegistrationItem key={r.id} registration={r} />
          ))}
        </ul>
      </PagedResults>
    </section>
  );
}
