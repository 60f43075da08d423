import { type SubmitEvent, useMemo, useRef, useState } from "react";
import type { EventInput } from "../../api/events";
import {
  CheckboxField,
  FormAlert,
  SubmitButton,
  TextAreaField,
  TextField,
} from "../../forms/fields";
import { type FormErrors, NO_ERRORS, useFocusOnErrors } from "../../forms/form-errors";
import { knownTimeZones } from "../../zoned-time";
import { type EventFormValues, readEventForm } from "./event-form-values";
import { QuestionsEditor } from "./QuestionsEditor";
import { ReminderLeadField } from "./ReminderLeadField";
import { TicketTypesEditor } from "./TicketTypesEditor";

/** Create and edit share this form; the page decides what a submit does. */
export function EventForm({
  initial,
  editing = false,
  submitLabel,
  busy,
  serverErrors,
  onSubmit,
}: {
  initial: EventFormValues;
  /** Editing an event: a hidden type's code may be left empty to keep it. */
  editing?: boolean;
  submitLabel: string;
  busy: boolean;
  serverErrors: FormErrors;
  onSubmit: (input: EventInput) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initial);
  const [clientErrors, setClientErrors] = useState<FormErrors>(NO_ERRORS);
  const errors = clientErrors === NO_ERRORS ? serverErrors : clientErrors;
  useFocusOnErrors(formRef, errors);
  const zones = useMemo(() => knownTimeZones(), []);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const { errors: found, input } = readEventForm(values, editing);
    setClientErrors(found);
    if (input) onSubmit(input);
  };
  type TextName = Exclude<
    keyof EventFormValues,
    "requires_approval" | "ticket_types" | "questions"
  >;
  const bind = (name: TextName) => ({
    name,
    value: values[name],
    error: errors.fields[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
    },
  });
  // A single type holding every seat keeps holding every seat when the seats change.
  const capacity = bind("capacity");
  capacity.onChange = (e) => {
    setValues((v) => {
      const [only, ...others] = v.ticket_types;
      const follow = only && others.length === 0 && only.quota === v.capacity;
      return {
        ...v,
        capacity: e.target.value,
        ...(follow ? { ticket_types: [{ ...only, quota: e.target.value }] } : {}),
      };
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form form-wide">
      <FormAlert message={errors.form} />
      <TextField label="Title" required {...bind("title")} />
      <TextAreaField label="Description" rows={6} {...bind("description")} />
      <div className="field-row">
        <TextField label="Starts" type="datetime-local" required {...bind("starts_at")} />
        <TextField label="Ends" type="datetime-local" required {...bind("ends_at")} />
      </div>
      <TextField
        label="Time zone"
        list="time-zones"
        hint="Start and end are in this zone, as attendees at the place see them."
        required
        {...bind("timezone")}
      />
      <datalist id="time-zones">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <TextField label="Location" required {...bind("location")} />
      <div className="field-row">
        <TextField
          label="Seats"
          type="number"
          min={1}
          max={100000}
          inputMode="numeric"
          required
          {...capacity}
        />
        <TextField
          label="Category (optional)"
          hint="For example meetup, workshop, concert."
          {...bind("category")}
        />
      </div>
      <CheckboxField
        label="I approve each registration"
        name="requires_approval"
        checked={values.requires_approval}
        error={errors.fields.requires_approval}
        onChange={(e) => {
          setValues((v) => ({ ...v, requires_approval: e.target.checked }));
        }}
      />
      <TicketTypesEditor
        rows={values.ticket_types}
        errors={errors}
        editing={editing}
        onChange={(ticket_types) => {
          setValues((v) => ({ ...v, ticket_types }));
        }}
      />
      <QuestionsEditor
        rows={values.questions}
        errors={errors}
        onChange={(questions) => {
          setValues((v) => ({ ...v, questions }));
        }}
      />
      <TextField
        label="Seat changes allowed until (optional)"
        type="datetime-local"
        hint="After this, attendees can no longer cancel single seats or send them to someone. Empty: until the event starts."
        {...bind("seat_changes_until")}
      />
      <ReminderLeadField
        value={values.reminder_lead_minutes}
        error={errors.fields.reminder_lead_minutes}
        onChange={(reminder_lead_minutes) => {
          setValues((v) => ({ ...v, reminder_lead_minutes }));
        }}
      />
      <SubmitButton busy={busy} busyLabel="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
