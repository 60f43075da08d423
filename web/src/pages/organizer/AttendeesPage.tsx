import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { getEvent } from "../../api/events";
import { exportAttendeesCsv, listAttendees, ticketCode } from "../../api/registrations";
import { EmptyState, ErrorNotice, InlineError, Loading, LoadMore } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { TextField } from "../../forms/fields";
import { AttendeeMessages } from "./AttendeeMessages";
import { AttendeeRow } from "./AttendeeRow";

function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/** The organizer's list of an event's registrations: approve, reject, check in, export. */
export function AttendeesPage() {
  const { eventId = "" } = useParams();
  const [find, setFind] = useState("");
  const [search, setSearch] = useState("");
  // The name search asks the service (`q`) once typing pauses.
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
    }, 300);
    return () => {
      clearTimeout(timer);
    };
  }, [search]);
  const event = useQuery({
    queryKey: ["event", eventId],
    queryFn: ({ signal }) => getEvent(eventId, signal),
  });
  usePageTitle(event.data ? `Attendees of ${event.data.title}` : "Attendees");
  const list = useInfiniteQuery({
    queryKey: ["attendees", eventId, q],
    queryFn: ({ pageParam }) =>
      listAttendees(eventId, {
        limit: 50,
        ...(pageParam ? { cursor: pageParam } : {}),
        ...(q ? { q } : {}),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 15_000,
  });
  const csv = useMutation({
    mutationFn: () => exportAttendeesCsv(eventId),
    onSuccess: (blob) => {
      saveFile(blob, `attendees-${eventId}.csv`);
    },
  });

  const all = list.data?.pages.flatMap((page) => page.items) ?? [];
  const wanted = find
    .trim()
    .toUpperCase()
    .replace(/[^0-9A-F]/g, "");
  const shown = wanted ? all.filter((r) => ticketCode(r.id).startsWith(wanted)) : all;

  let body;
  if (list.isPending) body = <Loading>Loading attendees…</Loading>;
  else if (list.isError) {
    body = (
      <ErrorNotice
        title="The attendee list could not be loaded."
        error={list.error}
        onRetry={() => void list.refetch()}
      />
    );
  } else if (all.length === 0) {
    body = <EmptyState>{q ? `Nobody matches “${q}”.` : "Nobody has registered yet."}</EmptyState>;
  } else {
    body = (
      <>
        <p role="status">
          {wanted
            ? `${shown.length} of ${all.length} registrations match ${wanted}.`
            : `${all.length} registration${all.length === 1 ? "" : "s"}${list.hasNextPage ? " so far (more below)" : ""}.`}
        </p>
        <div className="table-wrap">
          <table className="table table-stack">
            <caption className="visually-hidden">Registrations in sign-up order</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Status</th>
                <th scope="col">Attendee</th>
                <th scope="col">Type</th>
                <th scope="col">Seats</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((registration) => (
                <AttendeeRow
                  key={registration.id}
                  registration={registration}
                  questions={event.data?.questions ?? []}
                />
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
          label="Show more attendees"
        />
      </>
    );
  }

  return (
    <section className="page" aria-labelledby="page-title">
      <p>
        <Link to={`/events/${eventId}`}>← Back to the event</Link>
      </p>
      <h1 id="page-title">Attendees{event.data ? ` of ${event.data.title}` : ""}</h1>
      <div className="toolbar">
        <TextField
          label="Search attendees"
          name="q"
          type="search"
          value={search}
          hint="Part of a name or an email, or a name on a seat."
          onChange={(e) => {
            setSearch(e.target.value);
          }}
        />
        <TextField
          label="Find a ticket code"
          name="ticket"
          value={find}
          hint="Attendees see their code on their registration."
          onChange={(e) => {
            setFind(e.target.value);
          }}
        />
        <div>
          <button
            type="button"
            className="button button-secondary"
            disabled={csv.isPending}
            onClick={() => {
              csv.mutate();
            }}
          >
            {csv.isPending ? "Preparing…" : "Export CSV"}
          </button>
          <InlineError error={csv.error} />
        </div>
      </div>
      {body}
      <AttendeeMessages eventId={eventId} />
    </section>
  );
}
