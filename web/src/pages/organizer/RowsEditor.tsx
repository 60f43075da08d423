import type { ReactNode } from "react";

/**
 * A list edited row by row (ticket types, questions): one fieldset per row, "Remove …" on each
 * while more than `min` rows are left, and "Add …" below up to `max` rows.
 */
export function RowsEditor<Row extends { key: string }>({
  legend,
  intro,
  rows,
  min = 0,
  max,
  addLabel,
  newRow,
  label,
  title = (_row, name) => name,
  render,
  onChange,
}: {
  legend: string;
  /** Hints and errors about the whole list, under its legend. */
  intro?: ReactNode;
  rows: Row[];
  min?: number;
  max: number;
  addLabel: string;
  newRow: () => Row;
  /** A row's name ("Ticket type 2"), in its legend and its remove button. */
  label: (index: number) => string;
  /** The row's legend, from its name. */
  title?: (row: Row, name: string) => string;
  /** The row's fields; `update` changes this row. */
  render: (row: Row, index: number, update: (change: Partial<Row>) => void) => ReactNode;
  onChange: (rows: Row[]) => void;
}) {
  return (
    <fieldset className="rows-editor">
      <legend>{legend}</legend>
      {intro}
      {rows.map((row, i) => {
        const name = label(i);
        const update = (change: Partial<Row>) => {
          onChange(rows.map((r) => (r.key === row.key ? { ...r, ...change } : r)));
        };
        return (
          <fieldset key={row.key} className="row-card">
            <legend>{title(row, name)}</legend>
            {render(row, i, update)}
            {rows.length > min ? (
              <p>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    onChange(rows.filter((r) => r.key !== row.key));
                  }}
                >
                  Remove {name.toLowerCase()}
                </button>
              </p>
            ) : null}
          </fieldset>
        );
      })}
      {rows.length < max ? (
        <p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              onChange([...rows, newRow()]);
            }}
          >
            {addLabel}
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}
