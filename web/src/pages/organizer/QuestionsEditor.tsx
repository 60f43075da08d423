import type { QuestionKind } from "../../api/events";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../../forms/fields";
import type { FormErrors } from "../../forms/form-errors";
import { RowsEditor } from "./RowsEditor";
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
  return (
    <RowsEditor
      legend="Questions for attendees"
      intro={
        rows.length === 0 ? <p className="field-hint">No questions: bookings ask nothing.</p> : null
      }
      rows={rows}
      max={30}
      addLabel="Add a question"
      newRow={newQuestionRow}
      label={(i) => `Question ${i + 1}`}
      onChange={onChange}
      render={(row, i, update) => {
        const error = (field: string) => errors.fields[`questions.${i}.${field}`];
        return (
          <>
            <TextField
              label="Question"
              name={`questions.${i}.label`}
              required
              maxLength={200}
              value={row.label}
              error={error("label")}
              onChange={(e) => {
                update({ label: e.target.value });
              }}
            />
            <div className="field-row">
              <SelectField
                label="Answer"
                name={`questions.${i}.kind`}
                value={row.kind}
                error={error("kind")}
                onChange={(e) => {
                  update({ kind: e.target.value as QuestionKind });
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
                  update({ per: e.target.value === "seat" ? "seat" : "booking" });
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
                  update({ options: e.target.value });
                }}
              />
            ) : null}
            <CheckboxField
              label="An answer is required"
              name={`questions.${i}.required`}
              checked={row.required}
              onChange={(e) => {
                update({ required: e.target.checked });
              }}
            />
          </>
        );
      }}
    />
  );
}
