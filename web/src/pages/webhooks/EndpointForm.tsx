import { useQuery } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { listEvents } from "../../api/events";
import { useRoles, useSession } from "../../auth/use-session";
import { FormAlert, SelectField, SubmitButton, TextField } from "../../forms/fields";
import { clientErrors, formErrorsFrom, useFormErrors } from "../../forms/form-errors";
import {
  ALL_TYPES,
  type EndpointFormValues,
  endpointFormProblems,
  eventTypesFor,
} from "./webhook-values";

const FIELDS = ["url", "event_types", "event_id", "description"] as const;
const CODE_FIELDS = { url_not_allowed: "url", forbidden: "event_id" };

/** The organizer's own events to narrow an endpoint to one (an admin's too). */
function EventChoice({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const userId = useSession()?.userId ?? "";
  const { admin } = useRoles();
  const events = useQuery({
    queryKey: ["events", "organizer", userId, "published", "choice"],
    queryFn: ({ signal }) =>
      listEvents({ organizer_id: userId, status: "published", limit: 50 }, signal),
  });
  return (
    <SelectField
      label="Event"
      name="event_id"
      value={value}
      hint={
        events.isError
          ? "Your events could not be loaded; the endpoint can still cover all."
          : undefined
      }
      onChange={(e) => {
        onChange(e.target.value);
      }}
    >
      <option value="">
        {admin ? "Every event on the platform" : "All my events, now and later"}
      </option>
      {(events.data?.items ?? []).map((event) => (
        <option key={event.id} value={event.id}>
          {event.title}
        </option>
      ))}
    </SelectField>
  );
}

/**
 * An endpoint's address, event types ("all" or a choice; the `user.*` types for admins only),
 * the event it covers (on create only) and a description. `onSave` gets the checked values;
 * its failure is shown at the fields it is about.
 */
export function EndpointForm({
  initial,
  withEvent,
  submitLabel,
  busy,
  onSave,
}: {
  initial: EndpointFormValues;
  withEvent: boolean;
  submitLabel: string;
  busy: boolean;
  onSave: (values: EndpointFormValues) => Promise<unknown>;
}) {
  const { admin } = useRoles();
  const { formRef, errors, setErrors, check } = useFormErrors();
  const [values, setValues] = useState(initial);
  const all = values.eventTypes.includes(ALL_TYPES);
  const typesError = errors.fields.event_types;
  const toggle = (type: string, on: boolean) => {
    setValues((v) => {
      if (type === ALL_TYPES) return { ...v, eventTypes: on ? [ALL_TYPES] : [] };
      const rest = v.eventTypes.filter((t) => t !== type && t !== ALL_TYPES);
      return { ...v, eventTypes: on ? [...rest, type] : rest };
    });
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!check(clientErrors(endpointFormProblems(values)))) return;
    const checked = { ...values, url: values.url.trim(), description: values.description.trim() };
    onSave(checked).catch((error: unknown) => {
      setErrors(formErrorsFrom(error, FIELDS, CODE_FIELDS));
    });
  };
  const typeBox = (type: string, label: string, disabled = false) => (
    <label key={type} className="inline-check">
      <input
        type="checkbox"
        name="event_types"
        value={type}
        checked={type === ALL_TYPES ? all : all || values.eventTypes.includes(type)}
        disabled={disabled}
        aria-invalid={typesError ? true : undefined}
        aria-describedby={typesError ? "endpoint-types-error" : undefined}
        onChange={(e) => {
          toggle(type, e.target.checked);
        }}
      />{" "}
      {label}
    </label>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <FormAlert message={errors.form} />
      <TextField
        label="Endpoint URL"
        name="url"
        type="url"
        inputMode="url"
        placeholder="https://example.com/turnout-webhooks"
        hint="Deliveries are POSTed here. Only public https:// addresses are allowed."
        value={values.url}
        error={errors.fields.url}
        onChange={(e) => {
          const url = e.target.value;
          setValues((v) => ({ ...v, url }));
        }}
      />
      <fieldset className="check-group">
        <legend>Event types</legend>
        {typeBox(ALL_TYPES, "All event types, including ones added later")}
        {eventTypesFor(admin).map((t) => typeBox(t.type, t.label, all))}
        {typesError ? (
          <p id="endpoint-types-error" className="field-error">
            {typesError}
          </p>
        ) : null}
      </fieldset>
      {withEvent ? (
        <EventChoice
          value={values.eventId}
          onChange={(eventId) => {
            setValues((v) => ({ ...v, eventId }));
          }}
        />
      ) : null}
      <TextField
        label="Description (optional)"
        name="description"
        value={values.description}
        error={errors.fields.description}
        onChange={(e) => {
          const description = e.target.value;
          setValues((v) => ({ ...v, description }));
        }}
      />
      <SubmitButton busy={busy} busyLabel="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
