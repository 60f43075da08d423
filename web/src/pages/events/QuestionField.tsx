import { useId } from "react";
import type { Question } from "../../api/events";
import type { Answer } from "../../api/registrations";
import { CheckboxField, SelectField, TextField } from "../../forms/fields";

/** One question of a booking, as the control its kind calls for, with its error beside it. */
export function QuestionField({
  question,
  name,
  value,
  error,
  onChange,
}: {
  question: Question;
  /** The API's field for it (`answers.<id>`), also the control's name. */
  name: string;
  value: Answer | undefined;
  error?: string | undefined;
  onChange: (answer: Answer) => void;
}) {
  const id = useId();
  const label = question.required ? question.label : `${question.label} (optional)`;
  if (question.kind === "checkbox") {
    return (
      <CheckboxField
        label={label}
        name={name}
        checked={value === true}
        error={error}
        onChange={(e) => {
          onChange(e.target.checked);
        }}
      />
    );
  }
  if (question.kind === "choice") {
    return (
      <SelectField
        label={label}
        name={name}
        value={typeof value === "string" ? value : ""}
        error={error}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      >
        <option value="">Choose…</option>
        {question.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </SelectField>
    );
  }
  if (question.kind === "multi_choice") {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset
        className="choices"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <legend>{label}</legend>
        {question.options.map((option) => (
          <label key={option} className="inline-check">
            <input
              type="checkbox"
              name={name}
              value={option}
              checked={chosen.includes(option)}
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                onChange(
                  e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option),
                );
              }}
            />
            {option}
          </label>
        ))}
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </fieldset>
    );
  }
  return (
    <TextField
      label={label}
      name={name}
      maxLength={1000}
      value={typeof value === "string" ? value : ""}
      error={error}
      onChange={(e) => {
        onChange(e.target.value);
      }}
    />
  );
}
