import { SelectField } from "../../forms/fields";

/** The lead times offered, in minutes; 0 sends no reminder. */
const LEADS: [number, string][] = [
  [0, "No reminder"],
  [60, "1 hour before"],
  [180, "3 hours before"],
  [1440, "24 hours before"],
  [2880, "48 hours before"],
  [10080, "1 week before"],
];

/**
 * "Reminder before the event" (`reminder_lead_minutes`). A time set through the API that the
 * list lacks stays selectable, so saving the form does not change it.
 */
export function ReminderLeadField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const known = LEADS.some(([minutes]) => String(minutes) === value);
  return (
    <SelectField
      label="Reminder before the event"
      name="reminder_lead_minutes"
      hint="Attendees who keep reminders on get one by mail and in the app."
      value={value}
      error={error}
      onChange={(e) => {
        onChange(e.target.value);
      }}
    >
      {known ? null : <option value={value}>{value} minutes before</option>}
      {LEADS.map(([minutes, label]) => (
        <option key={minutes} value={String(minutes)}>
          {label}
        </option>
      ))}
    </SelectField>
  );
}
