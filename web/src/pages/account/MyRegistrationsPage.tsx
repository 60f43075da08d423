import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { getEvent } from "../../api/events";
import { listMyRegistrations, type Registration, ticketCode } from "../../api/registrations";
import { EmptyState, ErrorNotice, Loading, LoadMore } from "../../components/feedback";
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
  const query = useInfiniteQuery({
    queryKey: ["me", "registrations", "list", status],
    queryFn: ({ pageParam }) =>
      listMyRegistrations({
        limit: 20,
        ...(pageParam ? { cursor: pageParam } : {}),
        ...(status ? { status } : {}),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  let body;
  if (query.isPending) body = <Loading>Loading your registrations…</Loading>;
  else if (query.isError) {
    body = (
      <ErrorNotice
        title="Your registrations could not be loaded."
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState>
        {status ? "None with this status." : "You have not registered for anything yet."}{" "}
        <Link to="/events">Find an event</Link>.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <ul className="plain-list">
          {items.map((r) => (
            <RegistrationItem key={r.id} registration={r} />
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
      {body}
    </section>
  );
}
