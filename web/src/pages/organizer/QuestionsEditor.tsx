import type { QuestionKind } from "../../api/events";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../../forms/fields";
import type { FormErrors } from "../../forms/form-errors";
import { hasOptions, newQuestionRow, type QuestionRow } from "./ticket-type-rows";

const KIND_LABELS: Record<QuestionKind, string> = {
  text: "Text answer",
  choice: "One of a list",
  multi_choice: "Any of a list",
  checkbox: "A box to tick (consent)",
};

/** The questions attendees answer when they book, once per booking or for every seat. */
export function QuestionsEditor({
  rows,
  errors,
  onChange,
}: {
  rows: QuestionRow[];
  errors: FormErrors;
  onChange: (rows: QuestionRow[]) => void;
}) {
  const update = (key: string, change: Partial<QuestionRow>) => {
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  };
  return (
    <fieldset className="rows-editor">
      <legend>Questions for attendees</legend>
      {rows.length === 0 ? <p className="field-hint">No questions: bookings ask nothing.</p> : null}
      {rows.map((row, i) => {
        const error = (field: string) => errors.fields[`questions.${i}.${field}`];
        const label = `Question ${i + 1}`;
        return (
          <fieldset key={row.key} className="row-card">
            <legend>{label}</legend>
            <TextField
              label="Question"
              name={`questions.${i}.label`}
              required
              maxLength={200}
              value={row.label}
              error={error("label")}
              onChange={(e) => {
                update(row.key, { label: e.target.value });
              }}
            />
            <div className="field-row">
              <SelectField
                label="Answer"
                name={`questions.${i}.kind`}
                value={row.kind}
                error={error("kind")}
                onChange={(e) => {
                  update(row.key, { kind: e.target.value as QuestionKind });
                }}
              >
                {Object.entries(KIND_LABELS).map(([kind, text]) => (
                  <option key={kind} value={kind}>
                    {text}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label="Asked"
                name={`questions.${i}.per`}
                value={row.per}
                onChange={(e) => {
                  update(row.key, { per: e.target.value === "seat" ? "seat" : "booking" });
                }}
              >
                <option value="booking">Once per booking</option>
                <option value="seat">For every seat</option>
              </SelectField>
            </div>
            {hasOptions(row.kind) ? (
              <TextAreaField
                label="Options"
                hint="One per line, at least 2."
                name={`questions.${i}.options`}
                rows={3}
                value={row.options}
                error={error("options")}
                onChange={(e) => {
                  update(row.key, { options: e.target.value });
                }}
              />
            ) : null}
            <CheckboxField
              label="An answer is required"
              name={`questions.${i}.required`}
              checked={row.required}
              onChange={(e) => {
                update(row.key, { required: e.target.checked });
              }}
            />
            <p>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  onChange(rows.filter((r) => r.key !== row.key));
                }}
              >
                Remove {label.toLowerCase()}
              </button>
            </p>
          </fieldset>
        );
      })}
      {rows.length < 30 ? (
        <p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              onChange([...rows, newQuestionRow()]);
            }}
          >
            Add a question
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}
