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
import { IncomingOffers } from "./IncomingOffers";
import { SeatActions } from "./SeatActions";

function RegistrationItem({ registration }: { registration: Registration }) {
  const event = useQuery({
    queryKey: ["event", registration.event_id],
    queryFn: ({ signal }) => getEvent(registration.event_id, signal),
  });
  // When the page opened: the deadline is checked again by the service on every change.
  const [now] = useState(() => Date.now());
  const title =
    event.data?.title ?? (event.isError ? "An event that could not be loaded" : "Loading…");
  const typeName = event.data?.ticket_types.find((t) => t.id === registration.ticket_type_id)?.name;
  // Attendees change seats until the organizer's deadline, else until the start.
  const closesAt = event.data?.seat_changes_until ?? event.data?.starts_at;
  const canChange =
    event.data?.status !== "cancelled" &&
    registration.checked_in_at === null &&
    ["confirmed", "pending", "waitlisted"].includes(registration.status) &&
    (closesAt === undefined || Date.parse(closesAt) > now);
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
          Ticket <code>{ticketCode(registration.id)}</code>
          {typeName ? ` · ${typeName}` : ""} · signed up {formatMoment(registration.created_at)}
        </span>
      </p>
      {registration.status === "confirmed" ? (
        <p>
          <Link to={`/tickets/${registration.id}`}>Tickets for {title}</Link>
        </p>
      ) : null}
      {registration.seats.length > 0 && registration.status !== "cancelled" ? (
        <ul className="seat-rows" aria-label={`Seats for ${title}`}>
          {registration.seats.map((seat, i) => (
            <SeatActions
              key={seat.id}
              registration={registration}
              seat={seat}
              index={i}
              canChange={canChange}
            />
          ))}
        </ul>
      ) : null}
      {registration.transferred_from ? (
        <p className="muted">Sent to you by another attendee.</p>
      ) : null}
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
      <IncomingOffers />
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
