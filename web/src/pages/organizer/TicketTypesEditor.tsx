import { CheckboxField, TextAreaField, TextField } from "../../forms/fields";
import type { FormErrors } from "../../forms/form-errors";
import { RowsEditor } from "./RowsEditor";
import { newTicketTypeRow, type TicketTypeRow } from "./ticket-type-rows";

type TextKey = Exclude<keyof TicketTypeRow, "key" | "id" | "hidden">;

/** The event's ticket types: one fieldset per type, added and removed by the organizer. */
export function TicketTypesEditor({
  rows,
  errors,
  editing,
  onChange,
}: {
  rows: TicketTypeRow[];
  errors: FormErrors;
  editing: boolean;
  onChange: (rows: TicketTypeRow[]) => void;
}) {
  return (
    <RowsEditor
      legend="Ticket types"
      intro={
        <>
          <p className="field-hint">
            Each type has its own seats; the event&apos;s seats stay the limit across all types.
          </p>
          {errors.fields.ticket_types ? (
            <p className="field-error" role="alert">
              {errors.fields.ticket_types}
            </p>
          ) : null}
        </>
      }
      rows={rows}
      min={1}
      max={20}
      addLabel="Add a ticket type"
      newRow={newTicketTypeRow}
      label={(i) => `Ticket type ${i + 1}`}
      title={(row, name) => (row.name.trim() ? `${name}: ${row.name.trim()}` : name)}
      onChange={onChange}
      render={(row, i, update) => {
        const error = (field: string) => errors.fields[`ticket_types.${i}.${field}`];
        const bind = (name: TextKey) => ({
          name: `ticket_types.${i}.${name}`,
          value: row[name],
          error: error(name),
          onChange: (e: { target: { value: string } }) => {
            update({ [name]: e.target.value });
          },
        });
        return (
          <>
            <div className="field-row">
              <TextField label="Name" required maxLength={100} {...bind("name")} />
              <TextField
                label="Quota"
                hint="Seats of this type."
                type="number"
                min={1}
                max={100000}
                inputMode="numeric"
                required
                {...bind("quota")}
              />
            </div>
            <TextAreaField label="What it includes (optional)" rows={2} {...bind("description")} />
            <div className="field-row">
              <TextField
                label="On sale from (optional)"
                type="datetime-local"
                {...bind("sales_start")}
              />
              <TextField
                label="On sale until (optional)"
                type="datetime-local"
                {...bind("sales_end")}
              />
            </div>
            <TextField
              label="Limit per booking"
              hint="Seats one booking may take, 1 to 50."
              type="number"
              min={1}
              max={50}
              inputMode="numeric"
              {...bind("max_per_order")}
            />
            <CheckboxField
              label="Hidden: only people with the access code see it"
              name={`ticket_types.${i}.hidden`}
              checked={row.hidden}
              error={error("hidden")}
              onChange={(e) => {
                update({ hidden: e.target.checked });
              }}
            />
            {row.hidden ? (
              <TextField
                label="Access code"
                autoComplete="off"
                hint={
                  editing && row.id
                    ? "Leave empty to keep the current code."
                    : "4 to 64 characters; give it to the people this type is for."
                }
                {...bind("access_code")}
              />
            ) : null}
          </>
        );
      }}
    />
  );
}
