import type { TicketType } from "../../api/events";
import { formatEventTime } from "../../format";
import { saleState } from "./booking-values";

function typeState(type: TicketType, available: number, zone?: string): string {
  const state = saleState(type);
  if (state === "not_yet") return `on sale from ${formatEventTime(type.sales_start ?? "", zone)}`;
  if (state === "ended") return "sales have ended";
  if (available === 0) return "sold out: you can join the waitlist";
  return `${available} seat${available === 1 ? "" : "s"} left`;
}

/** The event's ticket types as radio buttons, each with its seats left and sales window. */
export function TicketTypeChoice({
  types,
  selected,
  available,
  zone,
  error,
  onSelect,
}: {
  types: TicketType[];
  selected: string | undefined;
  available: (type: TicketType) => number;
  zone: string | undefined;
  error: string | undefined;
  onSelect: (typeId: string) => void;
}) {
  if (types.length === 0) return null;
  return (
    <fieldset aria-describedby={error ? "ticket-type-error" : undefined}>
      <legend>Ticket type</legend>
      {types.map((t) => (
        <label key={t.id} className="inline-check ticket-choice">
          <input
            type="radio"
            name="ticket_type_id"
            value={t.id}
            checked={selected === t.id}
            disabled={saleState(t) !== "on_sale"}
            aria-invalid={error ? true : undefined}
            onChange={() => {
              onSelect(t.id);
            }}
          />
          <span>
            <strong>{t.name}</strong> ({typeState(t, available(t), zone)})
            {t.description ? <span className="field-hint"> {t.description}</span> : null}
          </span>
        </label>
      ))}
      {error ? (
        <p id="ticket-type-error" className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
