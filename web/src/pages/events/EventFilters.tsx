import { type SubmitEvent, useRef, useState } from "react";
import { TextField } from "../../forms/fields";
import {
  clientErrors,
  type FormErrors,
  NO_ERRORS,
  useFocusOnErrors,
} from "../../forms/form-errors";

/** The filters as the address bar keeps them (`?q=&from=&to=&category=`); dates are days. */
export interface FilterValues {
  q: string;
  from: string;
  to: string;
  category: string;
}

const CATEGORIES = ["meetup", "workshop", "conference", "community", "concert", "sports"];

export function checkFilters(values: FilterValues): FormErrors {
  return clientErrors({
    to:
      values.from && values.to && values.to < values.from
        ? "The last day must be on or after the first day."
        : undefined,
    category:
      values.category && !/^[a-z0-9][a-z0-9-]{0,39}$/.test(values.category.trim().toLowerCase())
        ? "Use letters, digits and dashes, like “workshop”."
        : undefined,
  });
}

/** Search, days and category; the list below follows them (and the server's own checks). */
export function EventFilters({
  initial,
  serverErrors,
  onApply,
}: {
  initial: FilterValues;
  serverErrors: FormErrors;
  onApply: (values: FilterValues) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  useFocusOnErrors(formRef, errors);
  const shown = errors === NO_ERRORS ? serverErrors : errors;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = checkFilters(values);
    setErrors(checked);
    if (checked === NO_ERRORS) {
      onApply({ ...values, q: values.q.trim(), category: values.category.trim().toLowerCase() });
    }
  };
  const bind = (name: keyof FilterValues) => ({
    name,
    value: values[name],
    error: shown.fields[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
    },
  });

  return (
    <form
      ref={formRef}
      className="filters"
      role="search"
      aria-label="Find events"
      onSubmit={submit}
      noValidate
    >
      <TextField label="Search" type="search" placeholder="Title, place, topic…" {...bind("q")} />
      <TextField label="From" type="date" {...bind("from")} />
      <TextField label="To" type="date" {...bind("to")} />
      <TextField label="Category" list="event-categories" {...bind("category")} />
      <datalist id="event-categories">
        {CATEGORIES.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <div className="filters-actions">
        <button type="submit" className="button">
          Search
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            const empty = { q: "", from: "", to: "", category: "" };
            setValues(empty);
            setErrors(NO_ERRORS);
            onApply(empty);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
