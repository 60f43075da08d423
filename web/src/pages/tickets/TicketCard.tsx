import type { TurnoutEvent } from "../../api/events";
import type { Seat } from "../../api/registrations";
import { ticketClaims } from "../../api/tickets";
import { formatEventWindow } from "../../format";
import { QrCode } from "./QrCode";

/**
 * One seat's ticket: its QR code and what the door reads from it. The holder and type come
 * from the signed code itself where it has them, so the card says what the scanner will show.
 */
export function TicketCard({
  event,
  seat,
  position,
  seats,
  typeName,
  accountName,
}: {
  event: TurnoutEvent;
  seat: Seat;
  /** 1-based, among the booking's seats. */
  position: number;
  seats: number;
  typeName: string | undefined;
  accountName: string | null | undefined;
}) {
  const claims = seat.ticket_code ? ticketClaims(seat.ticket_code) : {};
  const holder = claims.name ?? seat.attendee_name ?? accountName ?? "";
  const type = claims.ttn ?? typeName;
  const heading = `Ticket for seat ${position}${holder ? ` (${holder})` : ""}`;
  return (
    <article className="ticket-card" aria-label={heading}>
      <div className="ticket-code-box">
        {seat.ticket_code ? (
          <QrCode text={seat.ticket_code} label={`QR code of the ticket for seat ${position}`} />
        ) : (
          <p className="muted">This ticket is being prepared. Reload the page in a moment.</p>
        )}
      </div>
      <div className="ticket-facts">
        <h2 className="ticket-title">{event.title}</h2>
        <dl className="event-facts">
          <dt>When</dt>
          <dd>{formatEventWindow(event.starts_at, event.ends_at, event.timezone)}</dd>
          {event.location ? (
            <>
              <dt>Where</dt>
              <dd>{event.location}</dd>
            </>
          ) : null}
          {holder ? (
            <>
              <dt>Name</dt>
              <dd className="ticket-holder">{holder}</dd>
            </>
          ) : null}
          {type ? (
            <>
              <dt>Ticket</dt>
              <dd>{type}</dd>
            </>
          ) : null}
          <dt>Seat</dt>
          <dd>
            {position} of {seats}
          </dd>
        </dl>
      </div>
    </article>
  );
}
