import { useSearchParams } from "react-router";
import { type EventFilters as Filters, listEvents } from "../../api/events";
import { EventCard } from "../../components/EventCard";
import { ErrorNotice } from "../../components/feedback";
import { PagedResults, usePagedQuery } from "../../components/PagedResults";
import { usePageTitle } from "../../components/use-page-title";
import { formErrorsFrom, NO_ERRORS } from "../../forms/form-errors";
import { startOfLocalDay } from "../../zoned-time";
import { EventFilters, type FilterValues } from "./EventFilters";

export const PAGE_SIZE = 12;

/** Days of the reader's calendar → the API's instants: `to` includes the whole last day. */
function apiFilters(values: FilterValues): Filters {
  const filters: Filters = {};
  if (values.q) filters.q = values.q;
  if (values.category) filters.category = values.category;
  const from = values.from ? startOfLocalDay(values.from) : undefined;
  const to = values.to ? startOfLocalDay(values.to, 1) : undefined;
  if (from) filters.from = from;
  if (to) filters.to = to;
  return filters;
}

export function EventsPage() {
  usePageTitle("Events");
  const [params, setParams] = useSearchParams();
  const values: FilterValues = {
    q: params.get("q") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    category: params.get("category") ?? "",
  };
  const filters = apiFilters(values);
  const { query, items: events } = usePagedQuery(
    ["events", "list", filters],
    (cursor, { signal }) => listEvents({ ...filters, limit: PAGE_SIZE, cursor }, signal),
  );
  const serverErrors = query.isError
    ? formErrorsFrom(query.error, ["q", "from", "to", "category"])
    : NO_ERRORS;
  const filtered = Object.keys(filters).length > 0;

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Events</h1>
      <EventFilters
        key={params.toString()}
        initial={values}
        serverErrors={serverErrors}
        onApply={(next) => {
          const search = new URLSearchParams();
          for (const [key, value] of Object.entries(next) as [string, string][]) {
            if (value) search.set(key, value);
          }
          setParams(search);
        }}
      />
      <div aria-busy={query.isFetching}>
        <PagedResults
          query={query}
          count={events.length}
          loading="Loading events…"
          errorTitle="Events could not be loaded."
          failed={query.isError && Object.keys(serverErrors.fields).length === 0}
          empty={
            filtered
              ? "No events match these filters. Try other words or days, or clear the filters."
              : "No upcoming events yet. Check back soon."
          }
          loadMoreLabel="Show more events"
          footer={
            query.isFetchNextPageError ? (
              <ErrorNotice title="More events could not be loaded." error={query.error} />
            ) : null
          }
        >
          <p className="result-count" role="status">
            Showing {events.length} event{events.length === 1 ? "" : "s"}
            {query.hasNextPage ? " (more below)" : ""}.
          </p>
          <ul className="event-grid">
            {events.map((event) => (
              <li key={event.id}>
                <EventCard event={event} />
              </li>
            ))}
          </ul>
        </PagedResults>
      </div>
    </section>
  );
}
