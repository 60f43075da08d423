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

/** Create and edit share this form; the page decides what a submit does. */
export function EventForm({
  initial,
  submitLabel,
  busy,
  serverErrors,
  onSubmit,
}: {
  initial: EventFormValues;
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
    const { errors: found, input } = readEventForm(values);
    setClientErrors(found);
    if (input) onSubmit(input);
  };
  const bind = (name: Exclude<keyof EventFormValues, "requires_approval">) => ({
    name,
    value: values[name],
    error: errors.fields[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
    },
  });

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
          {...bind("capacity")}
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
      <SubmitButton busy={busy} busyLabel="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
