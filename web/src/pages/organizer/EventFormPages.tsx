import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { createEvent, type EventInput, getEvent, updateEvent } from "../../api/events";
import { ErrorNotice, Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { formErrorsFrom, NO_ERRORS } from "../../forms/form-errors";
import { EventForm } from "./EventForm";
import {
  changedFields,
  EVENT_CODE_FIELDS,
  emptyEventForm,
  eventFields,
  eventFormFrom,
  readEventForm,
} from "./event-form-values";

export function NewEventPage() {
  usePageTitle("New event");
  const [initial] = useState(emptyEventForm);
  // Errors name rows by index (`ticket_types.1.quota`): the fields are those of what was sent.
  const [fields, setFields] = useState(() => eventFields());
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: createEvent,
    onSuccess: async (event) => {
      queryClient.setQueryData(["event", event.id], event);
      void queryClient.invalidateQueries({ queryKey: ["events"] });
      await navigate(`/events/${event.id}`);
    },
  });
  // Memoised: a new errors object would move focus to the field again on every render.
  const serverErrors = useMemo(
    () => (create.error ? formErrorsFrom(create.error, fields, EVENT_CODE_FIELDS) : NO_ERRORS),
    [create.error, fields],
  );
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">New event</h1>
      <EventForm
        initial={initial}
        submitLabel="Publish event"
        busy={create.isPending}
        serverErrors={serverErrors}
        onSubmit={(input) => {
          setFields(eventFields(input));
          create.mutate(input);
        }}
      />
    </section>
  );
}

export function EditEventPage() {
  const { eventId = "" } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState(() => eventFields());
  const query = useQuery({
    queryKey: ["event", eventId],
    queryFn: ({ signal }) => getEvent(eventId, signal),
  });
  usePageTitle(query.data ? `Edit ${query.data.title}` : "Edit event");
  const save = useMutation({
    mutationFn: (changes: Partial<EventInput>) => updateEvent(eventId, changes),
    onSuccess: async (event) => {
      queryClient.setQueryData(["event", event.id], event);
      void queryClient.invalidateQueries({ queryKey: ["events"] });
      await navigate(`/events/${event.id}`);
    },
  });

  const serverErrors = useMemo(
    () => (save.error ? formErrorsFrom(save.error, fields, EVENT_CODE_FIELDS) : NO_ERRORS),
    [save.error, fields],
  );

  if (query.isPending) return <Loading>Loading the event…</Loading>;
  if (query.isError) {
    return (
      <ErrorNotice
        title="This event could not be loaded."
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const initial = eventFormFrom(query.data);
  const before = readEventForm(initial, true).input;
  return (
    <section className="page" aria-labelledby="page-title">
      <p>
        <Link to={`/events/${eventId}`}>← Back to the event</Link>
      </p>
      <h1 id="page-title">Edit {query.data.title}</h1>
      <EventForm
        initial={initial}
        editing
        submitLabel="Save changes"
        busy={save.isPending}
        serverErrors={serverErrors}
        onSubmit={(input) => {
          const changes = before ? changedFields(before, input) : input;
          if (Object.keys(changes).length === 0) void navigate(`/events/${eventId}`);
          else {
            setFields(eventFields(input));
            save.mutate(changes);
          }
        }}
      />
    </section>
  );
}
